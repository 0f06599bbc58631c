// Launches function environments as Docker containers through the Engine
// API. Stay-open: the agent is the container's entrypoint, keeps the runtime
// warm and listens on a Unix socket in a bind-mounted 0700 directory.
// Thread-compatible; used from the controller's io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>

#include "controller/docker/engine.h"
#include "controller/executors/container_spec.h"
#include "controller/executors/environment.h"
#include "controller/executors/runtimes.h"

namespace lambdex {

struct DockerLaunchOptions {
  std::string agent_path;  // host path of the static lambdex-agent
  std::string run_dir;     // parent of the per-container socket dirs
  std::string network = "none";
  std::int64_t pids_limit = 1024;
  docker::Labels extra_labels;
  std::chrono::milliseconds start_timeout{30000};
};

class StayOpenLauncher final : public Launcher {
 public:
  // `engine` must outlive this and every environment it launches.
  StayOpenLauncher(boost::asio::any_io_executor ex, docker::Engine& engine,
                   DockerLaunchOptions options);

  boost::asio::awaitable<Result<std::unique_ptr<Environment>>> Launch(
      const FunctionConfig& fn) override;
  std::string Describe() const override { return "docker-reuse (stay-open)"; }

 private:
  boost::asio::any_io_executor ex_;
  docker::Engine& engine_;
  DockerLaunchOptions options_;
};

// docker-exec (LAMBDA_STAY_OPEN_MODE=0): a warm, idle container per
// environment; each invocation execs the one-shot agent in it, so the
// runtime starts afresh and code edits show on the next call.
class ExecLauncher final : public Launcher {
 public:
  ExecLauncher(boost::asio::any_io_executor ex, docker::Engine& engine,
               DockerLaunchOptions options);

  boost::asio::awaitable<Result<std::unique_ptr<Environment>>> Launch(
      const FunctionConfig& fn) override;
  std::string Describe() const override { return "docker-reuse (docker-exec)"; }

 private:
  boost::asio::any_io_executor ex_;
  docker::Engine& engine_;
  DockerLaunchOptions options_;
};

// Pieces shared by the Docker launchers and executors.
std::string RandomHex(int bytes);
std::string LogStreamName();
// Creates <run_dir>/<random>, mode 0700.
Result<std::string> MakeSocketDir(const std::string& run_dir);
// The parts of a container setup that come from the options.
ContainerSetup SetupFor(const DockerLaunchOptions& options, const RuntimeImage& runtime);
// Creates a container; a missing runtime image gets a message naming the fix.
boost::asio::awaitable<Result<std::string>> CreateContainer(docker::Engine& engine,
                                                            docker::ContainerSpec spec);

}  // namespace lambdex
