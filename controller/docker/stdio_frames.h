// The link's frames (shared/framing: 4-byte big-endian length, then an
// Envelope) over an AttachedStream: stdin carries frames to a one-shot agent,
// its stdout carries frames back. A one-shot exchange:
//   WriteStdioFrame(stream, invoke_request)  ->  CloseStdin()  (optional)
//   ReadStdioFrame(stream) (Hello), ReadStdioFrame(stream) (InvokeResult)
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "controller/docker/engine.h"
#include "shared/framing/frame.h"

namespace lambdex::docker {

// Reads one whole frame from stdout. `scratch` is reused across calls.
// kContainerDied when stdout ends (before or inside the frame), kProtocol on
// an oversize length or a body that is not an Envelope.
boost::asio::awaitable<Result<link::Envelope>> ReadStdioFrame(AttachedStream& stream,
                                                              std::string& scratch);

// Writes one frame to stdin. `scratch` is reused across calls.
boost::asio::awaitable<Status> WriteStdioFrame(AttachedStream& stream, const link::Envelope& env,
                                               std::string& scratch);

}  // namespace lambdex::docker
