// Reads one pipe of the runtime's output and hands every line to a sink.
// Waits for readability and reads itself, so bytes stay in the kernel pipe
// until read: Drain() can then pull everything written so far, in order,
// before a result is reported. Owns the descriptor.
// Single-threaded: use only from the io_context it was built on.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

#include "agent/process/line_splitter.h"

namespace lambdex::agent::process {

class OutputPump : public std::enable_shared_from_this<OutputPump> {
 public:
  // `fd` must be non-blocking; the sink must outlive the pump's wait.
  OutputPump(boost::asio::io_context& io, int fd, LineSplitter::Sink sink);
  void Start();
  // Reads whatever is in the pipe now, without blocking.
  void Drain();
  // Drains, flushes a partial line, and closes the pipe.
  void Close();
  // The pipe's descriptor, -1 once closed (for polling several pumps at once).
  int fd() { return pipe_.is_open() ? pipe_.native_handle() : -1; }

 private:
  void Wait();
  bool ReadAvailable();  // false on end of stream or error

  boost::asio::posix::stream_descriptor pipe_;
  LineSplitter::Sink sink_;
  LineSplitter splitter_;
};

}  // namespace lambdex::agent::process
