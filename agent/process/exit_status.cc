#include "agent/process/exit_status.h"

#include <sys/wait.h>

#include <cctype>
#include <cstring>

namespace lambdex::agent::process {

std::string DescribeWaitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    const char* name = sigabbrev_np(sig) ? strsignal(sig) : nullptr;
    if (name == nullptr) return "signal: " + std::to_string(sig);
    std::string text(name);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "signal: " + text;
  }
  return "unknown wait status " + std::to_string(wait_status);
}

}  // namespace lambdex::agent::process
