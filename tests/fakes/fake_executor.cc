#include "tests/fakes/fake_executor.h"

namespace lambdex::testing {

boost::asio::awaitable<Result<InvokeOutput>> FakeExecutor::Invoke(const FunctionConfig& fn,
                                                                  InvokeInput input) {
  invocations_.push_back(Call{fn, input});
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
