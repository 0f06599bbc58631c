#include "controller/bench/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "controller/bench/http_client.h"

namespace lambdex::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<char*> CArgs(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

// Forks a child with stdin on /dev/null and stdout+stderr on `out_fd`; the
// child execs argv. Everything the child needs is prepared before fork.
Result<pid_t> Spawn(const std::vector<std::string>& argv, int out_fd) {
  std::vector<char*> args = CArgs(argv);
  const pid_t pid = ::fork();
  if (pid < 0) return MakeError(ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(out_fd, STDERR_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

Result<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  const auto start = Clock::now();
  auto pid = Spawn(argv, fds[1]);
  ::close(fds[1]);
  if (!pid) {
    ::close(fds[0]);
    return pid.error();
  }
  CommandResult result;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.ms = MsSince(start);
  result.exit_code = ExitCode(status);
  return result;
}

Result<std::uint16_t> FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return MakeError(ErrorCode::kInternal, std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  if (port == 0) return MakeError(ErrorCode::kInternal, "no free port on 127.0.0.1");
  return port;
}

Status ServeProcess::Start(const std::string& exe, const std::vector<std::string>& args,
                           std::uint16_t port, const std::string& log_path,
                           std::chrono::seconds deadline) {
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return MakeError(ErrorCode::kInternal, "open " + log_path + ": " + std::strerror(errno));
  }
  std::vector<std::string> argv{exe, "serve"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto pid = Spawn(argv, log_fd);
  ::close(log_fd);
  if (!pid) return pid.error();
  pid_ = *pid;

  const auto until = Clock::now() + deadline;
  HttpClient client(port);
  while (Clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::string tail = TailOfFile(log_path, 2);
      return MakeError(ErrorCode::kInternal, "exited with " + std::to_string(ExitCode(status)) +
                                                 (tail.empty() ? "" : ": " + tail));
    }
    auto reply = client.Get("/health");
    if (reply.ok() && reply->status == 200) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop();
  return MakeError(ErrorCode::kTimeout, "no healthy /health within " +
                                            std::to_string(deadline.count()) +
                                            " s: " + TailOfFile(log_path, 2));
}

void ServeProcess::Stop(std::chrono::seconds grace) {
  if (pid_ < 0) return;
  ::kill(pid_, SIGTERM);
  const auto until = Clock::now() + grace;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() >= until) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

std::string TailOfFile(const std::string& path, int lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) all.push_back(line);
  }
  std::string out;
  const std::size_t from = all.size() > static_cast<std::size_t>(lines) ? all.size() - lines : 0;
  for (std::size_t i = from; i < all.size(); ++i) out += (out.empty() ? "" : " | ") + all[i];
  return out;
}

}  // namespace lambdex::bench
