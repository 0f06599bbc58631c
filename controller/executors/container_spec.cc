#include "controller/executors/container_spec.h"

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
  if (fn.runtime.rfind("provided", 0) != 0) env.push_back("AWS_EXECUTION_ENV=AWS_Lambda_" + fn.runtime);
  for (const auto& [k, v] : fn.environment) env.push_back(k + "=" + v);
  return env;
}

namespace {

// Image, environment, code and agent mounts, limits and labels: what every
// mode's container shares.
docker::ContainerSpec BaseContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec;
  spec.image = setup.runtime.image;
  spec.env = LambdaEnvironment(fn, setup);
  spec.labels = setup.extra_labels;
  spec.labels[kLabelManaged] = "true";
  spec.labels[kLabelFunction] = fn.name;
  spec.labels[kLabelOwnerPid] = setup.owner_pid;
  spec.mounts = {
      {fn.code_dir, kTaskRoot, true},
      {setup.agent_host_path, kAgentInContainer, true},
  };
  spec.network_mode = setup.network;
  spec.working_dir = kTaskRoot;
  spec.memory_bytes = static_cast<std::int64_t>(fn.memory_mb) * 1024 * 1024;
  spec.pids_limit = setup.pids_limit;
  return spec;
}

}  // namespace

std::vector<std::string> OneShotCommand(const RuntimeImage& runtime) {
  return {kAgentInContainer, "--oneshot", "--", runtime.bootstrap};
}

docker::ContainerSpec StayOpenContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup) {
  docker::ContainerSpec spec = BaseContainerSpec(fn, setup);
  spec.entrypoint = {kAgentInContainer, "--socket", std::string(kSocketDirInContainer) + "/agent.sock",
                     "--", setup.runtime.bootstrap};
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
