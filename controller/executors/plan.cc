#include "controller/executors/plan.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "controller/executors/container_spec.h"
#include "controller/executors/docker_launcher.h"
#include "controller/executors/image_routing_executor.h"
#include "controller/executors/per_call_executor.h"
#include "controller/executors/process_launcher.h"
#include "controller/executors/warm_executor.h"

namespace lambdex {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

bool PidAlive(const std::string& pid_text) {
  char* end = nullptr;
  const long pid = std::strtol(pid_text.c_str(), &end, 10);
  if (end == pid_text.c_str() || *end != '\0' || pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

Result<std::string> FindAgent(const Config& config, const std::string& self_exe) {
  std::error_code ec;
  fs::path agent = config.agent_path.empty() ? fs::path(self_exe).parent_path() / "lambdex-agent"
                                             : fs::path(config.agent_path);
  agent = fs::absolute(agent, ec);
  if (::access(agent.c_str(), X_OK) != 0) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "agent binary " + agent.string() +
                         " is not there or not executable; "
                         "build it (cmake --build build) or pass --agent");
  }
  return fs::canonical(agent, ec).string();
}

asio::awaitable<int> RemoveOrphans(docker::Engine& engine) {
  docker::Labels managed;
  managed[kLabelManaged] = "true";
  auto listed = co_await engine.ListContainers(std::move(managed));
  if (!listed.ok()) co_return 0;
  int removed = 0;
  for (const auto& c : *listed) {
    auto owner = c.labels.find(kLabelOwnerPid);
    if (owner != c.labels.end() && PidAlive(owner->second)) continue;
    if ((co_await engine.RemoveContainer(c.id, true)).ok()) ++removed;
  }
  co_return removed;
}

asio::awaitable<Result<ExecutorPlan>> PlanExecutor(const Config& config, docker::Engine& engine,
                                                   std::string argv0) {
  ExecutorPlan plan;
  plan.mode = config.executor;
  plan.stay_open = config.stay_open;

  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  auto agent = FindAgent(config, ec ? argv0 : self.string());
  if (!agent.ok()) co_return agent.error();
  plan.agent_path = *agent;
  plan.runtimes_dir =
      (fs::path(plan.agent_path).parent_path() / ".." / "share" / "lambdex" / "runtimes")
          .lexically_normal()
          .string();

  auto ping = co_await engine.Ping();
  if (!ping.ok()) {
    if (config.executor_explicit && config.executor != ExecutorMode::kLocal) {
      co_return MakeError(ErrorCode::kDockerUnavailable,
                          "executor " + std::string(ExecutorModeName(config.executor)) +
                              " needs Docker: " + ping.error().message);
    }
    plan.mode = ExecutorMode::kLocal;
    plan.reason = "no Docker daemon answers (" + ping.error().message +
                  "): running functions as local processes";
  } else {
    plan.docker_available = true;
    plan.reason = config.executor_explicit ? "chosen by LAMBDA_EXECUTOR/--executor"
                                           : "default: Docker daemon answers (API " + *ping + ")";
    const int orphans = co_await RemoveOrphans(engine);
    if (orphans > 0) spdlog::info("removed {} containers left by a controller that died", orphans);
  }
  plan.network = config.docker_network;
  if (plan.network.empty()) {
    auto bridge =
        plan.docker_available ? co_await engine.NetworkExists("bridge") : Result<bool>(false);
    plan.network = bridge.ok() && *bridge ? "bridge" : "none";
  }

  spdlog::info("executor mode={} stay_open={} network={} agent={} reason=\"{}\"",
               ExecutorModeName(plan.mode), plan.stay_open, plan.network, plan.agent_path,
               plan.reason);
  spdlog::info("config {}", config.Summary());
  co_return plan;
}

namespace {

std::unique_ptr<WarmExecutor> MakeWarm(std::unique_ptr<Launcher> launcher, const Config& config,
                                       asio::any_io_executor ex, const Clock& clock) {
  WarmOptions warm;
  warm.limits.max_per_function = config.max_containers_per_function;
  warm.limits.idle_ttl = config.keepalive;
  auto executor = std::make_unique<WarmExecutor>(ex, std::move(launcher), clock, warm,
                                                 std::make_unique<InotifyWatcher>());
  executor->StartReaper();
  return executor;
}

}  // namespace

std::unique_ptr<Executor> MakeExecutor(const ExecutorPlan& plan, const Config& config,
                                       asio::any_io_executor ex, docker::Engine& engine,
                                       const Clock& clock) {
  DockerLaunchOptions docker;
  docker.agent_path = plan.agent_path;
  docker.run_dir = config.data_dir + "/run";
  docker.network = plan.network;
  docker.pids_limit = config.pids_limit;
  docker.extra_labels = config.extra_labels;
  if (plan.mode == ExecutorMode::kDocker) {
    return std::make_unique<PerCallDockerExecutor>(engine, clock, std::move(docker));
  }
  if (plan.mode == ExecutorMode::kLocal) {
    ProcessLaunchOptions local;
    local.agent_path = plan.agent_path;
    local.runtimes_dir = plan.runtimes_dir;
    local.run_dir = docker.run_dir;
    // Container-image functions still run in Docker when a daemon answers.
    std::unique_ptr<Executor> images;
    if (plan.docker_available) {
      images = MakeWarm(std::make_unique<StayOpenLauncher>(ex, engine, docker), config, ex, clock);
    }
    return std::make_unique<ImageRoutingExecutor>(
        MakeWarm(std::make_unique<ProcessLauncher>(ex, std::move(local)), config, ex, clock),
        std::move(images));
  }
  if (plan.stay_open) {
    return MakeWarm(std::make_unique<StayOpenLauncher>(ex, engine, std::move(docker)), config, ex,
                    clock);
  }
  return MakeWarm(std::make_unique<ExecLauncher>(ex, engine, std::move(docker)), config, ex, clock);
}

}  // namespace lambdex
