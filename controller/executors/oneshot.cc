#include "controller/executors/oneshot.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "controller/docker/stdio_frames.h"

namespace lambdex {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

asio::awaitable<Result<link::InvokeResult>> Exchange(docker::AttachedStream& stream,
                                                     const link::InvokeRequest& request) {
  std::string scratch;
  auto hello = co_await docker::ReadStdioFrame(stream, scratch);
  if (!hello.ok()) co_return hello.error();
  if (!hello->has_hello()) {
    co_return MakeError(ErrorCode::kProtocol, "one-shot agent's first frame was not Hello");
  }
  link::Envelope out;
  *out.mutable_invoke() = request;
  if (auto st = co_await docker::WriteStdioFrame(stream, out, scratch); !st.ok())
    co_return st.error();
  auto result = co_await docker::ReadStdioFrame(stream, scratch);
  if (!result.ok()) co_return result.error();
  if (!result->has_result() || result->result().request_id() != request.request_id()) {
    co_return MakeError(ErrorCode::kProtocol, "one-shot agent answered with an unexpected frame");
  }
  co_return std::move(*result->mutable_result());
}

}  // namespace

asio::awaitable<Result<link::InvokeResult>> OneShotInvoke(docker::AttachedStream& stream,
                                                          const link::InvokeRequest& request,
                                                          std::chrono::milliseconds guard) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(guard);
  boost::system::error_code ec;
  auto outcome = co_await (Exchange(stream, request) ||
                           timer.async_wait(asio::redirect_error(asio::use_awaitable, ec)));
  if (outcome.index() == 1) {
    stream.Close();
    co_return MakeError(ErrorCode::kTimeout, "one-shot agent gave no result within " +
                                                 std::to_string(guard.count()) + " ms");
  }
  co_return std::get<0>(std::move(outcome));
}

}  // namespace lambdex
