// Keeps warm environments per function and routes each invocation to an idle
// one (docker-reuse stay-open and docker-exec, and local). One invocation per
// environment at a time, as in AWS: concurrent calls scale out up to
// PoolLimits::max_per_function, then queue (bounded); idle environments are
// destroyed after PoolLimits::idle_ttl. What an environment is — a container
// with a socket-linked agent, an idle container exec'd per call, a host
// process — is the Launcher's business.
// Thread-compatible: use from the controller's io_context only.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "controller/executors/environment.h"
#include "controller/executors/executor.h"
#include "controller/executors/hot_reload.h"
#include "controller/pool/warm_pool.h"
#include "shared/util/clock.h"

namespace lambdex {

struct WarmOptions {
  pool::PoolLimits limits;
  int max_waiters_per_function = 100;
};

class WarmExecutor final : public Executor {
 public:
  // `clock` must outlive this; `watcher` may be null (no hot-reload recycling).
  WarmExecutor(boost::asio::any_io_executor ex, std::unique_ptr<Launcher> launcher,
               const Clock& clock, WarmOptions options,
               std::unique_ptr<HotReloadWatcher> watcher = nullptr);

  boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                      InvokeInput input) override;
  boost::asio::awaitable<void> Retire(std::string function_name) override;
  boost::asio::awaitable<void> Shutdown() override;
  std::string Name() const override { return launcher_->Describe(); }

  // Starts the idle reaper on the executor given at construction.
  void StartReaper();

  int WarmCount(const std::string& fn) const { return pool_.Count(fn); }

 private:
  using EnvPtr = std::shared_ptr<Environment>;
  struct Slot {
    std::string fn;
    EnvPtr env;
  };

  boost::asio::awaitable<Result<EnvPtr>> Acquire(const FunctionConfig& fn);
  boost::asio::awaitable<InvokeOutput> Lost(const std::string& fn, const EnvPtr& env,
                                            const Error& error, const std::string& request_id);
  boost::asio::awaitable<void> Dispose(std::string id);
  boost::asio::awaitable<void> ReapLoop();
  boost::asio::awaitable<void> RecycleIfCodeChanged(const FunctionConfig& fn);
  void Wake(const std::string& fn);
  boost::asio::steady_timer& WakeTimer(const std::string& fn);

  boost::asio::any_io_executor ex_;
  std::unique_ptr<Launcher> launcher_;
  const Clock& clock_;
  WarmOptions options_;
  std::unique_ptr<HotReloadWatcher> watcher_;
  pool::WarmPool pool_;
  std::map<std::string, Slot> envs_;                                        // by environment id
  std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> wake_;  // by function
  std::map<std::string, int> waiters_;                                      // by function
  boost::asio::steady_timer reaper_timer_;                                  // cancelled by Shutdown
  bool shutting_down_ = false;
};

}  // namespace lambdex
