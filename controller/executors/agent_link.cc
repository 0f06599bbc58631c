#include "controller/executors/agent_link.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "shared/framing/frame_io.h"

namespace lambdex {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

asio::awaitable<Status> AgentLink::Connect(std::string socket_path,
                                           std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  asio::steady_timer backoff(socket_.get_executor());
  auto delay = std::chrono::milliseconds(1);
  boost::system::error_code ec;
  for (;;) {
    socket_.close(ec);
    co_await socket_.async_connect(asio::local::stream_protocol::endpoint(socket_path),
                                   asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) break;
    if (std::chrono::steady_clock::now() >= give_up) {
      co_return MakeError(ErrorCode::kContainerDied,
                          "agent did not listen on " + socket_path + " within " +
                              std::to_string(timeout.count()) + " ms: " + ec.message());
    }
    backoff.expires_after(delay);
    co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    delay = std::min(delay * 2, std::chrono::milliseconds(20));
  }
  auto hello = co_await framing::ReadFrame(socket_, read_scratch_);
  if (!hello.ok()) co_return hello.error();
  if (!hello->has_hello()) {
    Close();
    co_return MakeError(ErrorCode::kProtocol, "agent's first frame was not Hello");
  }
  co_return Status();
}

asio::awaitable<Result<link::InvokeResult>> AgentLink::Invoke(const link::InvokeRequest& request,
                                                              std::chrono::milliseconds timeout) {
  *out_.mutable_invoke() = request;
  auto sent = co_await framing::WriteFrame(socket_, out_, write_scratch_);
  out_.clear_invoke();
  if (!sent.ok()) {
    Close();
    co_return sent.error();
  }
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(timeout);
  boost::system::error_code ec;
  auto outcome = co_await (framing::ReadFrame(socket_, read_scratch_) ||
                           timer.async_wait(asio::redirect_error(asio::use_awaitable, ec)));
  if (outcome.index() == 1) {
    Close();
    co_return MakeError(ErrorCode::kTimeout,
                        "agent gave no result within " + std::to_string(timeout.count()) + " ms");
  }
  auto env = std::get<0>(std::move(outcome));
  if (!env.ok()) {
    Close();
    co_return env.error();
  }
  if (!env->has_result() || env->result().request_id() != request.request_id()) {
    Close();
    co_return MakeError(ErrorCode::kProtocol, "agent answered with an unexpected frame");
  }
  co_return std::move(*env->mutable_result());
}

void AgentLink::Close() {
  boost::system::error_code ec;
  socket_.close(ec);
}

}  // namespace lambdex
