// The lambdex agent: serves the Runtime API to one language runtime and takes
// framed invocations from the controller (Unix socket or stdin/stdout).
// Run() wires the parts on one io_context and returns the exit code.
#pragma once

#include <string>
#include <vector>

#include "agent/app/options.h"

namespace lambdex::agent {

// What the agent takes from its surroundings; main() passes the real ones.
struct AgentIo {
  int link_in = 0;   // --oneshot: frames arrive here (ownership passes to the agent)
  int link_out = 1;  // --oneshot: frames go here (ownership passes to the agent)
  int log_fd = 2;    // the runtime's output is forwarded here, line by line
  std::vector<std::string> environ;  // the runtime's environment, before AWS_LAMBDA_RUNTIME_API
};

// Blocks until Shutdown, SIGTERM/SIGINT, or (oneshot) the one result is written.
int Run(const AgentOptions& options, AgentIo io);

}  // namespace lambdex::agent
