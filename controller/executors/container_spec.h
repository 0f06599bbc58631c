// Builds the Docker container for a function environment: image, agent
// entrypoint, mounts, limits, labels and the environment AWS sets. Pure.
#pragma once

#include <string>
#include <vector>

#include "controller/docker/engine.h"
#include "controller/executors/runtimes.h"
#include "controller/functions/function.h"

namespace lambdex {

inline constexpr char kAgentInContainer[] = "/opt/lambdex/lambdex-agent";
inline constexpr char kSocketDirInContainer[] = "/lambdex/run";
inline constexpr char kTaskRoot[] = "/var/task";

// Labels every lambdex container carries.
inline constexpr char kLabelManaged[] = "lambdex.managed";
inline constexpr char kLabelFunction[] = "lambdex.function";
inline constexpr char kLabelOwnerPid[] = "lambdex.owner-pid";

struct ContainerSetup {
  RuntimeImage runtime;
  std::string agent_host_path;  // the static lambdex-agent on the host
  std::string socket_host_dir;  // bind-mounted at kSocketDirInContainer
  std::string network;          // "none", "host", "bridge", ...
  std::int64_t pids_limit = 1024;
  docker::Labels extra_labels;
  std::string owner_pid;
  std::string log_stream_name;        // e.g. 2026/12/03/[$LATEST]abcdef...
  std::string task_root = kTaskRoot;  // where the code is, as the runtime sees it
};

// The variables AWS sets in a function's environment, then the function's own.
std::vector<std::string> LambdaEnvironment(const FunctionConfig& fn, const ContainerSetup& setup);

// The one-shot agent's command line inside a container: it reads one
// request frame on stdin and answers on stdout.
std::vector<std::string> OneShotCommand(const RuntimeImage& runtime);

// Stay-open: the agent is the entrypoint and listens on <socket dir>/agent.sock.
docker::ContainerSpec StayOpenContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup);

// docker mode: the one-shot agent is the entrypoint, fed on the attached stdin.
docker::ContainerSpec PerCallContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup);

// docker-exec: an idle container; each call execs the one-shot agent in it.
docker::ContainerSpec IdleContainerSpec(const FunctionConfig& fn, const ContainerSetup& setup);

}  // namespace lambdex
