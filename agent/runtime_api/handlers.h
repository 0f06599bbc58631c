// The Runtime API endpoints, one file each, as pure functions of the
// invocation state machine and a request. Dispatch() routes and calls them.
// Thread-compatible: call from the agent's io_context only.
#pragma once

#include <string_view>

#include "agent/core/invocation_machine.h"
#include "agent/runtime_api/http_types.h"

namespace lambdex::agent::runtime_api {

ApiOutcome Dispatch(InvocationMachine& machine, const HttpRequestView& request, Micros now);

// next.cc
ApiOutcome HandleNext(InvocationMachine& machine, Micros now);
// The 200 reply that delivers `request` to a GET /next (the payload moves).
HttpReply NextReply(lambdex::link::InvokeRequest request);
// response.cc
ApiOutcome HandleResponse(InvocationMachine& machine, std::string_view request_id, std::string body,
                          Micros now);
// error.cc
ApiOutcome HandleError(InvocationMachine& machine, std::string_view request_id,
                       const HttpRequestView& request, Micros now);
// init_error.cc
ApiOutcome HandleInitError(InvocationMachine& machine, const HttpRequestView& request, Micros now);

}  // namespace lambdex::agent::runtime_api
