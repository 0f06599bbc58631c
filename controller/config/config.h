// `lambdex serve` configuration: flags > environment (LocalStack's names) >
// defaults, computed by one pure function so every precedence rule is testable.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "shared/util/result.h"

namespace lambdex {

enum class ExecutorMode {
  kLocal,        // host process, no container
  kDocker,       // a fresh container per invocation
  kDockerReuse,  // a warm container per function (stay-open or docker-exec)
};

std::string_view ExecutorModeName(ExecutorMode mode);

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;

  ExecutorMode executor = ExecutorMode::kDockerReuse;
  bool executor_explicit = false;  // set by a flag or LAMBDA_EXECUTOR (else: fall back to local)
  bool stay_open = true;           // LAMBDA_STAY_OPEN_MODE; docker-reuse only

  std::string data_dir;  // functions, code, socket dirs
  std::string docker_socket = "/var/run/docker.sock";
  std::string docker_network;  // empty: "bridge" when the daemon has it, else "none"
  std::chrono::milliseconds keepalive{600000};
  int max_containers_per_function = 10;
  std::int64_t pids_limit = 1024;
  std::string agent_path;  // empty: lambdex-agent beside the lambdex binary
  std::string log_level = "info";
  std::map<std::string, std::string> extra_labels;  // added to every container

  // Describes the effective settings in one line for the start-up log.
  std::string Summary() const;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// Parses `lambdex serve` arguments (argv[0] is the program, argv[1] may be
// "serve"). `--help` yields kInvalidRequest carrying the help text with
// message prefix "help:".
Result<Config> ParseServeConfig(int argc, const char* const* argv, const EnvLookup& env);

// The process environment, for production use.
std::optional<std::string> ProcessEnv(std::string_view name);

}  // namespace lambdex
