#include "agent/link/connection.h"

#include <boost/asio/posix/stream_descriptor.hpp>

#include "agent/link/frame_reader.h"
#include "shared/framing/frame_io.h"

namespace lambdex::agent::link {
namespace asio = boost::asio;
using lambdex::link::Envelope;

namespace {

class SocketConnection : public Connection {
 public:
  explicit SocketConnection(asio::local::stream_protocol::socket socket)
      : socket_(std::move(socket)) {}
  asio::awaitable<Result<Envelope>> Read() override { co_return co_await reader_.Read(socket_); }
  asio::awaitable<Status> Write(const Envelope& message) override {
    co_return co_await framing::WriteFrame(socket_, message, write_scratch_);
  }
  void Close() override {
    boost::system::error_code ec;
    socket_.shutdown(asio::socket_base::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  asio::local::stream_protocol::socket socket_;
  FrameReader reader_;
  std::string write_scratch_;
};

class PipeConnection : public Connection {
 public:
  PipeConnection(asio::io_context& io, int read_fd, int write_fd)
      : in_(io, read_fd), out_(io, write_fd) {}
  asio::awaitable<Result<Envelope>> Read() override { co_return co_await reader_.Read(in_); }
  asio::awaitable<Status> Write(const Envelope& message) override {
    co_return co_await framing::WriteFrame(out_, message, write_scratch_);
  }
  void Close() override {
    boost::system::error_code ec;
    in_.close(ec);
    out_.close(ec);
  }

 private:
  asio::posix::stream_descriptor in_, out_;
  FrameReader reader_;
  std::string write_scratch_;
};

}  // namespace

std::unique_ptr<Connection> MakeSocketConnection(asio::local::stream_protocol::socket socket) {
  return std::make_unique<SocketConnection>(std::move(socket));
}

std::unique_ptr<Connection> MakePipeConnection(asio::io_context& io, int read_fd, int write_fd) {
  return std::make_unique<PipeConnection>(io, read_fd, write_fd);
}

}  // namespace lambdex::agent::link
