// LAMBDA_EXECUTOR=docker: a fresh container per invocation, the one-shot agent
// as its entrypoint fed over the attached stdio; the container is removed
// afterwards, whatever happened. Nothing is reused: the isolated, slow mode.
// Thread-compatible; used from the controller's io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <set>
#include <string>

#include "controller/docker/engine.h"
#include "controller/executors/docker_launcher.h"
#include "controller/executors/executor.h"
#include "shared/util/clock.h"

namespace lambdex {

class PerCallDockerExecutor final : public Executor {
 public:
  // `engine` and `clock` must outlive this.
  PerCallDockerExecutor(docker::Engine& engine, const Clock& clock, DockerLaunchOptions options);

  boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                      InvokeInput input) override;
  boost::asio::awaitable<void> Retire(std::string function_name) override { co_return; }
  boost::asio::awaitable<void> Shutdown() override;
  std::string Name() const override { return "docker"; }

 private:
  docker::Engine& engine_;
  const Clock& clock_;
  DockerLaunchOptions options_;
  std::set<std::string> running_;  // containers of calls in flight
};

}  // namespace lambdex
