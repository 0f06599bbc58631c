// Start-up decisions: which executor runs functions, on which network, with
// which agent binary, and why — made once, logged once, shown by /health.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "controller/config/config.h"
#include "controller/docker/engine.h"
#include "controller/executors/executor.h"
#include "shared/util/clock.h"

namespace lambdex {

struct ExecutorPlan {
  ExecutorMode mode = ExecutorMode::kDockerReuse;
  bool stay_open = true;
  std::string network = "none";
  std::string agent_path;
  std::string runtimes_dir;  // host bootstraps for the local executor
  std::string reason;        // why this mode, for the log and /health
  bool docker_available = false;
};

// The static agent: --agent, else lambdex-agent beside the running binary.
Result<std::string> FindAgent(const Config& config, const std::string& self_exe);

// Consults the Docker daemon (falling back to local when none answers and
// no executor was asked for explicitly), removes containers orphaned by a
// controller that died, and settles the network.
boost::asio::awaitable<Result<ExecutorPlan>> PlanExecutor(const Config& config,
                                                          docker::Engine& engine,
                                                          std::string argv0);

// Containers labelled lambdex.managed whose owner pid is not alive: removed.
boost::asio::awaitable<int> RemoveOrphans(docker::Engine& engine);

std::unique_ptr<Executor> MakeExecutor(const ExecutorPlan& plan, const Config& config,
                                       boost::asio::any_io_executor ex, docker::Engine& engine,
                                       const Clock& clock);

}  // namespace lambdex
