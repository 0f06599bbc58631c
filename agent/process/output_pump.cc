#include "agent/process/output_pump.h"

#include <unistd.h>

#include <cerrno>

namespace lambdex::agent::process {

OutputPump::OutputPump(boost::asio::io_context& io, int fd, LineSplitter::Sink sink)
    : pipe_(io, fd), sink_(std::move(sink)) {}

void OutputPump::Start() { Wait(); }

void OutputPump::Wait() {
  pipe_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                   [self = shared_from_this()](const boost::system::error_code& ec) {
                     if (ec || !self->pipe_.is_open()) return;
                     if (self->ReadAvailable()) {
                       self->Wait();
                     } else {
                       self->Close();
                     }
                   });
}

bool OutputPump::ReadAvailable() {
  if (!pipe_.is_open()) return false;
  char buf[16 * 1024];
  for (;;) {
    const ssize_t n = ::read(pipe_.native_handle(), buf, sizeof buf);
    if (n > 0) {
      splitter_.Feed(std::string_view(buf, static_cast<std::size_t>(n)), sink_);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

void OutputPump::Drain() { ReadAvailable(); }

void OutputPump::Close() {
  if (!pipe_.is_open()) return;
  ReadAvailable();
  splitter_.Flush(sink_);
  boost::system::error_code ec;
  pipe_.close(ec);
}

}  // namespace lambdex::agent::process
