// Starts the language runtime: fork+exec in a new session (its own process
// group), stdin from /dev/null, stdout and stderr on non-blocking pipes the
// caller owns afterwards. No Asio here.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "shared/util/result.h"

namespace lambdex::agent::process {

struct SpawnedProcess {
  pid_t pid = -1;
  int stdout_fd = -1;  // read ends, O_NONBLOCK | O_CLOEXEC; the caller closes them
  int stderr_fd = -1;
};

// argv[0] is looked up in PATH when it has no '/'. `env` is the complete
// environment ("KEY=value"). Exec failures show as exit status 127 with a
// message on the child's stderr.
Result<SpawnedProcess> Spawn(const std::vector<std::string>& argv,
                             const std::vector<std::string>& env);

// SIGKILLs the whole process group led by `pid` (the runtime and its children).
void KillProcessGroup(pid_t pid);

// The agent's own environment, as "KEY=value" strings.
std::vector<std::string> CurrentEnviron();
// `env` with `key` set to `value` (replacing an earlier setting). Pure.
std::vector<std::string> WithEnv(std::vector<std::string> env, const std::string& key,
                                 const std::string& value);

}  // namespace lambdex::agent::process
