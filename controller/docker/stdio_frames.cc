#include "controller/docker/stdio_frames.h"

namespace lambdex::docker {
namespace asio = boost::asio;

asio::awaitable<Result<link::Envelope>> ReadStdioFrame(AttachedStream& stream,
                                                       std::string& scratch) {
  if (Status st = co_await stream.ReadExactly(framing::kHeaderSize, scratch); !st.ok()) {
    co_return st.error();
  }
  auto len = framing::DecodeHeader(scratch);
  if (!len) co_return len.error();
  if (Status st = co_await stream.ReadExactly(*len, scratch); !st.ok()) {
    Error e = st.error();
    if (e.code == ErrorCode::kContainerDied) e.message = "inside a frame: " + e.message;
    co_return e;
  }
  co_return framing::DecodeBody(scratch);
}

asio::awaitable<Status> WriteStdioFrame(AttachedStream& stream, const link::Envelope& env,
                                        std::string& scratch) {
  scratch.clear();
  if (Status st = framing::EncodeFrame(env, &scratch); !st.ok()) co_return st;
  co_return co_await stream.Write(scratch);
}

}  // namespace lambdex::docker
