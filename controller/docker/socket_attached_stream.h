// AttachedStream over a hijacked daemon connection (see UpgradeReply): a
// background coroutine reads the socket and runs it through a StdioDemuxer.
#pragma once

#include <boost/asio/local/stream_protocol.hpp>
#include <memory>
#include <string>

#include "controller/docker/engine.h"

namespace lambdex::docker {

// `leftover`: stream bytes already read past the HTTP header. Starts reading
// at once on the socket's executor.
std::unique_ptr<AttachedStream> MakeSocketAttachedStream(
    boost::asio::local::stream_protocol::socket socket, std::string leftover,
    LineCallback on_stderr);

}  // namespace lambdex::docker
