// One invocation with a one-shot agent over a container's stdio (docker-exec
// and per-call docker modes): read Hello, send the request, read the result,
// all bounded by `guard`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "controller/docker/engine.h"
#include "controller/executors/container_spec.h"
#include "lambdex.pb.h"

namespace lambdex {

boost::asio::awaitable<Result<link::InvokeResult>> OneShotInvoke(docker::AttachedStream& stream,
                                                                 const link::InvokeRequest& request,
                                                                 std::chrono::milliseconds guard);

}  // namespace lambdex
