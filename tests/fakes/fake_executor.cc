#include "tests/fakes/fake_executor.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lambdex::testing {

boost::asio::awaitable<Result<InvokeOutput>> FakeExecutor::Invoke(const FunctionConfig& fn,
                                                                  InvokeInput input) {
  invocations_.push_back(Call{fn, input});
  if (delay_.count() > 0) {
    ++running_;
    max_running_ = std::max(max_running_, running_);
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay_);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    --running_;
  }
  if (script_.empty()) {
    InvokeOutput echo;
    echo.payload = input.payload;
    co_return echo;
  }
  Result<InvokeOutput> next = std::move(script_.front());
  script_.pop_front();
  co_return next;
}

boost::asio::awaitable<void> FakeExecutor::Retire(std::string function_name) {
  retired_.push_back(std::move(function_name));
  co_return;
}

boost::asio::awaitable<void> FakeExecutor::Shutdown() {
  shut_down_ = true;
  co_return;
}

}  // namespace lambdex::testing
