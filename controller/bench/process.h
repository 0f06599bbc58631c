// Child processes for a bench run: commands timed end to end (the docker CLI
// baselines) and `lambdex serve` instances started, health-checked and
// stopped. POSIX fork/exec; thread-compatible.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "shared/util/result.h"

namespace lambdex::bench {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string output;  // stdout and stderr, interleaved
  double ms = 0;       // fork to exit
};

// Runs argv[0] (looked up in PATH) with stdin from /dev/null; kInternal only
// when it cannot be started at all.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv);

// A free TCP port on 127.0.0.1 (bound then released: a tiny race, fine here).
Result<std::uint16_t> FreePort();

// One `lambdex serve` child, its output to `log_path`. The destructor stops it.
class ServeProcess {
 public:
  ServeProcess() = default;
  ~ServeProcess() { Stop(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts `exe serve <args>` and waits until GET /health answers 200 on
  // `port`. When the child exits first or `deadline` passes, the error holds
  // the last lines of its log.
  Status Start(const std::string& exe, const std::vector<std::string>& args, std::uint16_t port,
               const std::string& log_path, std::chrono::seconds deadline);

  // SIGTERM, then waits up to `grace` for exit (it removes its containers),
  // then SIGKILL. Idempotent.
  void Stop(std::chrono::seconds grace = std::chrono::seconds(30));

 private:
  pid_t pid_ = -1;
};

// The last `lines` lines of a text file ("" when unreadable).
std::string TailOfFile(const std::string& path, int lines);

}  // namespace lambdex::bench
