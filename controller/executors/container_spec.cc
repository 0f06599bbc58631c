#include "controller/executors/container_spec.h"

#include <algorithm>

namespace lambdex {

std::vector<std::string> LambdaEnvironment(const FunctionConfig& fn, const ContainerSetup& setup) {
  std::vector<std::string> env = {
      "AWS_LAMBDA_FUNCTION_NAME=" + fn.name,
      "AWS_LAMBDA_FUNCTION_VERSION=" + fn.version,
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + std::to_string(fn.memory_mb),
      "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + fn.name,
      "AWS_LAMBDA_LOG_STREAM_NAME=" + setup.log_stream_name,
      std::string("AWS_REGION=") + kRegion,
      std::string("AWS_DEFAULT_REGION=") + kRegion,
      "LAMBDA_TASK_ROOT=" + setup.task_root,
      "LAMBDA_RUNTIME_DIR=/var/runtime",
      "_HANDLER=" + fn.handler,
      "TZ=:UTC",
      "LANG=C.UTF-8",
      "PATH=/usr/local/bin:/usr/bin:/bin",
      "AWS_ACCESS_KEY_ID=test",
      "AWS_SECRET_ACCESS_KEY=test",
      "AWS_SESSION_TOKEN=test",
  };
  // AWS leaves AWS_EXECUTION_ENV unset for the OS-only (provided) runtimes.
  if (fn.runtime.rfind("provided", 0) != 0)
    env.push_back("AWS_EXECUTION_ENV=AWS_Lambda_" + fn.runtime);
  for (const auto& [k, v] : fn.environment) env.push_back(k + "=" + v);
  return env;
}

namespace {

// Image, environment, code and agent mounts, limits and labels: what every
// mode's container shares.
docker::ContainerSpec BaseContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec;
  spec.image = setup.runtime.image;
  FunctionConfig effective = fn;
  if (!setup.runtime.handler.empty()) effective.handler = setup.runtime.handler;
  for (auto& kv : LambdaEnvironment(effective, setup)) {
    // A function image keeps its own PATH and locale.
    const std::string key = kv.substr(0, kv.find('=') + 1);
    const bool image_sets =
        std::any_of(setup.runtime.image_env.begin(), setup.runtime.image_env.end(),
                    [&](const std::string& e) { return e.rfind(key, 0) == 0; });
    if (image_sets && (key == "PATH=" || key == "LANG=")) continue;
    spec.env.push_back(std::move(kv));
  }
  spec.labels = setup.extra_labels;
  spec.labels[kLabelManaged] = "true";
  spec.labels[kLabelFunction] = fn.name;
  spec.labels[kLabelOwnerPid] = setup.owner_pid;
  if (setup.runtime.mount_code) spec.mounts.push_back({fn.code_dir, kTaskRoot, true});
  spec.mounts.push_back({setup.agent_host_path, kAgentInContainer, true});
  spec.network_mode = setup.network;
  spec.working_dir = setup.runtime.working_dir;
  spec.memory_bytes = static_cast<std::int64_t>(fn.memory_mb) * 1024 * 1024;
  spec.pids_limit = setup.pids_limit;
  return spec;
}

}  // namespace

std::vector<std::string> OneShotCommand(const RuntimeImage& runtime) {
  std::vector<std::string> argv = {kAgentInContainer, "--oneshot", "--"};
  argv.insert(argv.end(), runtime.bootstrap.begin(), runtime.bootstrap.end());
  return argv;
}

docker::ContainerSpec StayOpenContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec = BaseContainerSpec(fn, setup);
  spec.entrypoint = {kAgentInContainer, "--socket",
                     std::string(kSocketDirInContainer) + "/agent.sock", "--"};
  spec.entrypoint.insert(spec.entrypoint.end(), setup.runtime.bootstrap.begin(),
                         setup.runtime.bootstrap.end());
  spec.mounts.push_back({setup.socket_host_dir, kSocketDirInContainer, false});
  return spec;
}

docker::ContainerSpec PerCallContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec = BaseContainerSpec(fn, setup);
  spec.entrypoint = OneShotCommand(setup.runtime);
  spec.open_stdin = true;
  return spec;
}

docker::ContainerSpec IdleContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec = BaseContainerSpec(fn, setup);
  spec.entrypoint = {"/bin/sleep", "infinity"};
  return spec;
}

}  // namespace lambdex
