#include "controller/docker/socket_attached_stream.h"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <utility>

#include "controller/docker/stdio_demux.h"

namespace lambdex::docker {
namespace asio = boost::asio;
using Socket = asio::local::stream_protocol::socket;

namespace {

// Shared by the stream and its reader coroutine, which may outlive the stream
// by one completion.
struct State {
  State(Socket s, LineCallback on_stderr)
      : socket(std::move(s)), demux(std::move(on_stderr)), data_arrived(socket.get_executor()) {
    data_arrived.expires_at(asio::steady_timer::time_point::max());
  }

  void End(Status why) {
    ended = true;
    end_status = std::move(why);
    data_arrived.cancel();
  }

  Socket socket;
  StdioDemuxer demux;
  // Never expires: cancelled to wake a ReadExactly waiting for stdout.
  asio::steady_timer data_arrived;
  bool ended = false;  // no more stdout will come
  Status end_status;   // why; ok for a clean EOF
  bool closed = false;
};

asio::awaitable<bool> WasCancelled() {
  auto state = co_await asio::this_coro::cancellation_state;
  co_return state.cancelled() != asio::cancellation_type::none;
}

Error Cancelled(std::string_view what) {
  return MakeError(ErrorCode::kTimeout, "docker stdio " + std::string(what) + " cancelled");
}

Error StreamClosed() { return MakeError(ErrorCode::kContainerDied, "docker stdio stream closed"); }

asio::awaitable<void> ReadLoop(std::shared_ptr<State> s) {
  std::array<char, 64 << 10> buf;
  boost::system::error_code ec;
  while (!s->ended) {
    const std::size_t n = co_await s->socket.async_read_some(
        asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
    if (s->closed) co_return;  // the owner is gone: call no callback
    if (n > 0) {
      if (Status st = s->demux.Feed(std::string_view(buf.data(), n)); !st.ok()) {
        s->End(st);
        break;
      }
      if (s->closed) co_return;  // closed from the stderr callback
    }
    if (ec == asio::error::eof) {
      s->End(s->demux.Finish());
    } else if (ec) {
      s->demux.Finish().ok();  // flush a last stderr line; the socket error wins
      s->End(MakeError(ErrorCode::kContainerDied, "docker stdio stream broke: " + ec.message()));
    } else {
      s->data_arrived.cancel();
    }
  }
}

class SocketAttachedStream : public AttachedStream {
 public:
  explicit SocketAttachedStream(std::shared_ptr<State> state) : s_(std::move(state)) {}
  ~SocketAttachedStream() override { Close(); }

  asio::awaitable<Status> Write(std::string_view bytes) override {
    if (s_->closed) co_return StreamClosed();
    auto s = s_;  // keeps the socket alive if Close() and destruction race this write
    boost::system::error_code ec;
    co_await asio::async_write(s->socket, asio::buffer(bytes.data(), bytes.size()),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_return Status();
    if (s->closed) co_return StreamClosed();
    if (ec == asio::error::operation_aborted) co_return Cancelled("write");
    co_return MakeError(ErrorCode::kContainerDied,
                        "stdin closed by the process or daemon: " + ec.message());
  }

  asio::awaitable<Status> CloseStdin() override {
    if (s_->closed) co_return StreamClosed();
    boost::system::error_code ec;
    s_->socket.shutdown(Socket::shutdown_send, ec);
    if (ec) co_return MakeError(ErrorCode::kContainerDied, "closing stdin: " + ec.message());
    co_return Status();
  }

  asio::awaitable<Status> ReadExactly(std::size_t n, std::string& out) override {
    auto s = s_;
    for (;;) {
      if (s->closed) co_return StreamClosed();
      if (s->demux.StdoutAvailable() >= n) {
        s->demux.TakeStdout(n, out);
        co_return Status();
      }
      if (s->ended) {
        const std::size_t had = s->demux.StdoutAvailable();
        out.clear();
        if (!s->end_status.ok()) co_return s->end_status.error();
        co_return MakeError(ErrorCode::kContainerDied, "stdout ended after " + std::to_string(had) +
                                                           " of " + std::to_string(n) + " bytes");
      }
      boost::system::error_code ec;
      co_await s->data_arrived.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (co_await WasCancelled()) co_return Cancelled("read");
    }
  }

  void Close() override {
    if (s_->closed) return;
    s_->closed = true;
    boost::system::error_code ec;
    s_->socket.close(ec);
    s_->data_arrived.cancel();
  }

 private:
  std::shared_ptr<State> s_;
};

}  // namespace

std::unique_ptr<AttachedStream> MakeSocketAttachedStream(Socket socket, std::string leftover,
                                                         LineCallback on_stderr) {
  auto state = std::make_shared<State>(std::move(socket), std::move(on_stderr));
  if (!leftover.empty()) {
    if (Status st = state->demux.Feed(leftover); !st.ok()) state->End(st);
  }
  auto stream = std::make_unique<SocketAttachedStream>(state);
  if (!state->ended) asio::co_spawn(state->socket.get_executor(), ReadLoop(state), asio::detached);
  return stream;
}

}  // namespace lambdex::docker
