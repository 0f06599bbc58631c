#include "agent/process/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace lambdex::agent::process {
namespace {

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void WriteAll(int fd, const char* text) {
  ssize_t left = static_cast<ssize_t>(std::strlen(text));
  while (left > 0) {
    const ssize_t n = ::write(fd, text, static_cast<std::size_t>(left));
    if (n <= 0) return;
    text += n;
    left -= n;
  }
}

// Runs in the forked child: only async-signal-safe work until exec.
[[noreturn]] void ExecChild(char* const* argv, char* const* envp, int out_w, int err_w) {
  ::setsid();
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  const int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, 0);
  ::dup2(out_w, 1);
  ::dup2(err_w, 2);
  ::syscall(SYS_close_range, 3u, ~0u, 0u);
  ::execvpe(argv[0], argv, envp);
  WriteAll(2, "lambdex-agent: cannot exec ");
  WriteAll(2, argv[0]);
  WriteAll(2, ": ");
  WriteAll(2, std::strerror(errno));
  WriteAll(2, "\n");
  ::_exit(127);
}

}  // namespace

Result<SpawnedProcess> Spawn(const std::vector<std::string>& argv,
                             const std::vector<std::string>& env) {
  if (argv.empty()) return MakeError(ErrorCode::kInvalidRequest, "no bootstrap command");
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return MakeError(ErrorCode::kInternal, "pipe failed");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return MakeError(ErrorCode::kInternal, "pipe failed");
  }
  std::vector<char*> c_argv = CStrings(argv);
  std::vector<char*> c_env = CStrings(env);
  const pid_t pid = ::fork();
  if (pid == 0) ExecChild(c_argv.data(), c_env.data(), out[1], err[1]);
  const int fork_errno = errno;
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    return MakeError(ErrorCode::kInternal,
                     std::string("fork failed: ") + std::strerror(fork_errno));
  }
  ::fcntl(out[0], F_SETFL, ::fcntl(out[0], F_GETFL) | O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, ::fcntl(err[0], F_GETFL) | O_NONBLOCK);
  return SpawnedProcess{pid, out[0], err[0]};
}

void KillProcessGroup(pid_t pid) {
  if (pid <= 0) return;
  if (::kill(-pid, SIGKILL) != 0) ::kill(pid, SIGKILL);
}

std::vector<std::string> CurrentEnviron() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) env.emplace_back(*e);
  return env;
}

std::vector<std::string> WithEnv(std::vector<std::string> env, const std::string& key,
                                 const std::string& value) {
  const std::string prefix = key + "=";
  std::erase_if(env, [&](const std::string& e) { return e.starts_with(prefix); });
  env.push_back(prefix + value);
  return env;
}

}  // namespace lambdex::agent::process
