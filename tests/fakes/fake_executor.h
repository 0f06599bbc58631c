// An Executor for tests: answers Invoke from a script (or echoes the payload
// when the script is empty) and records every call. Single-threaded, like the
// real executors.
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "controller/executors/executor.h"

namespace lambdex::testing {

class FakeExecutor : public Executor {
 public:
  struct Call {
    FunctionConfig fn;
    InvokeInput input;
  };

  // The next Invoke returns `result` (FIFO).
  void PushResult(Result<InvokeOutput> result) { script_.push_back(std::move(result)); }

  // Every Invoke first waits this long on a timer (to overlap invocations).
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }
  // How many Invoke calls are running now, and the most that ever overlapped.
  int running() const { return running_; }
  int max_running() const { return max_running_; }

  const std::vector<Call>& invocations() const { return invocations_; }
  const std::vector<std::string>& retired() const { return retired_; }
  bool shut_down() const { return shut_down_; }

  boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                      InvokeInput input) override;
  boost::asio::awaitable<void> Retire(std::string function_name) override;
  boost::asio::awaitable<void> Shutdown() override;
  std::string Name() const override { return "fake"; }

 private:
  std::deque<Result<InvokeOutput>> script_;
  std::vector<Call> invocations_;
  std::chrono::milliseconds delay_{0};
  int running_ = 0;
  int max_running_ = 0;
  std::vector<std::string> retired_;
  bool shut_down_ = false;
};

}  // namespace lambdex::testing
