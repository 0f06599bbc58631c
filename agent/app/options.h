// The agent's command line:
//   lambdex-agent [--socket PATH] [--oneshot] [--runtime-api HOST:PORT] -- BOOTSTRAP [ARGS...]
// Parsed by one pure function. HOST must be an IP literal (no DNS in the agent).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shared/util/result.h"

namespace lambdex::agent {

struct AgentOptions {
  std::string socket_path;  // stay-open mode when set
  bool oneshot = false;     // frames over stdin/stdout
  std::string runtime_host = "127.0.0.1";
  std::uint16_t runtime_port = 9001;   // 0: pick a free port
  std::vector<std::string> bootstrap;  // the runtime's argv
};

// `args` excludes argv[0]. Exactly one of --socket / --oneshot is required.
Result<AgentOptions> ParseOptions(const std::vector<std::string>& args);

// "127.0.0.1:9001" or "[::1]:9001" into host and port.
Result<std::pair<std::string, std::uint16_t>> ParseHostPort(const std::string& text);

inline constexpr const char* kUsage =
    "usage: lambdex-agent (--socket PATH | --oneshot) [--runtime-api HOST:PORT] -- BOOTSTRAP "
    "[ARGS...]\n";

}  // namespace lambdex::agent
