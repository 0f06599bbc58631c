// LAMBDA_EXECUTOR=local: environments are host processes — the agent started
// with the runtime from the host (the same bootstraps as the images), kept
// warm like stay-open, linked over a Unix socket in a 0700 directory. No
// container isolation: the mode for machines without a Docker daemon.
// Thread-compatible; used from the controller's io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <string>

#include "controller/executors/environment.h"

namespace lambdex {

struct ProcessLaunchOptions {
  std::string agent_path;    // the lambdex-agent binary
  std::string runtimes_dir;  // holds python/bootstrap.py, provided/bootstrap, ...
  std::string run_dir;       // parent of the per-process socket dirs
  std::chrono::milliseconds start_timeout{15000};
};

// The host command that serves `runtime` (argv), or kInvalidRequest.
Result<std::vector<std::string>> HostBootstrap(const std::string& runtime,
                                               const std::string& runtimes_dir);

class ProcessLauncher final : public Launcher {
 public:
  ProcessLauncher(boost::asio::any_io_executor ex, ProcessLaunchOptions options);

  boost::asio::awaitable<Result<std::unique_ptr<Environment>>> Launch(
      const FunctionConfig& fn) override;
  std::string Describe() const override { return "local"; }

 private:
  boost::asio::any_io_executor ex_;
  ProcessLaunchOptions options_;
};

}  // namespace lambdex
