// docker-reuse with LAMBDA_STAY_OPEN_MODE=1: each function gets warm
// containers whose agent keeps the runtime initialised; invocations travel as
// frames over a Unix socket in a bind-mounted, 0700 directory. Concurrent
// calls of one function scale out up to PoolLimits::max_per_function, then
// queue (bounded); idle containers are removed after PoolLimits::idle_ttl.
// Thread-compatible: use from the controller's io_context only.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "controller/docker/engine.h"
#include "controller/executors/agent_link.h"
#include "controller/executors/container_spec.h"
#include "controller/executors/executor.h"
#include "controller/pool/warm_pool.h"
#include "shared/util/clock.h"

namespace lambdex {

struct StayOpenOptions {
  std::string agent_path;  // host path of the static lambdex-agent
  std::string run_dir;     // parent of the per-container socket dirs
  std::string network = "none";
  std::int64_t pids_limit = 1024;
  docker::Labels extra_labels;
  pool::PoolLimits limits;
  std::chrono::milliseconds start_timeout{30000};
  int max_waiters_per_function = 100;
};

class StayOpenExecutor final : public Executor {
 public:
  // `engine` and `clock` must outlive this.
  StayOpenExecutor(boost::asio::any_io_executor ex, docker::Engine& engine, const Clock& clock,
                   StayOpenOptions options);

  boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                     InvokeInput input) override;
  boost::asio::awaitable<void> Retire(std::string function_name) override;
  boost::asio::awaitable<void> Shutdown() override;
  std::string Name() const override { return "docker-reuse (stay-open)"; }

  // Starts the idle reaper on the executor given at construction.
  void StartReaper();

 private:
  struct Container {
    std::string id;
    std::string fn;
    std::string socket_dir;
    std::unique_ptr<AgentLink> link;
  };
  using ContainerPtr = std::shared_ptr<Container>;

  boost::asio::awaitable<Result<ContainerPtr>> Acquire(const FunctionConfig& fn);
  boost::asio::awaitable<Result<ContainerPtr>> StartContainer(const FunctionConfig& fn);
  boost::asio::awaitable<InvokeOutput> LostContainer(const ContainerPtr& c, const Error& error,
                                                     const std::string& request_id);
  boost::asio::awaitable<void> Dispose(std::string id);
  boost::asio::awaitable<void> ReapLoop();
  void Wake(const std::string& fn);
  boost::asio::steady_timer& WakeTimer(const std::string& fn);

  boost::asio::any_io_executor ex_;
  docker::Engine& engine_;
  const Clock& clock_;
  StayOpenOptions options_;
  pool::WarmPool pool_;
  std::map<std::string, ContainerPtr> containers_;  // by container id
  std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> wake_;  // by function
  std::map<std::string, int> waiters_;                                      // by function
  bool shutting_down_ = false;
};

}  // namespace lambdex
