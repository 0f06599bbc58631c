#include "controller/executors/process_launcher.h"

#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "controller/executors/agent_link.h"
#include "controller/executors/container_spec.h"
#include "controller/executors/docker_launcher.h"
#include "controller/functions/runtimes.h"

extern char** environ;

namespace lambdex {

namespace asio = boost::asio;
namespace fs = std::filesystem;

Result<std::vector<std::string>> HostBootstrap(const std::string& runtime,
                                               const std::string& runtimes_dir) {
  const RuntimeInfo* info = FindRuntime(runtime);
  if (info != nullptr && info->family == RuntimeFamily::kPython) {
    return std::vector<std::string>{"/usr/bin/python3", "-u",
                                    runtimes_dir + "/python/bootstrap.py"};
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "runtime " + runtime +
                       " cannot run in the local executor (python3.x can); "
                       "start a Docker daemon or use LAMBDA_EXECUTOR=docker-reuse");
}

namespace {

class HostProcess final : public Environment {
 public:
  HostProcess(asio::any_io_executor ex, pid_t pid, std::string socket_dir)
      : ex_(ex),
        pid_(pid),
        id_("local-" + std::to_string(pid)),
        socket_dir_(std::move(socket_dir)),
        link_(ex) {}

  const std::string& id() const override { return id_; }

  asio::awaitable<Status> Connect(std::chrono::milliseconds timeout) {
    co_return co_await link_.Connect(socket_dir_ + "/agent.sock", timeout);
  }

  asio::awaitable<Result<link::InvokeResult>> Invoke(const link::InvokeRequest& request,
                                                     std::chrono::milliseconds guard) override {
    co_return co_await link_.Invoke(request, guard);
  }

  bool Alive() override {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    char byte;
    const ssize_t n = ::recv(link_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return link_.is_open() && !(n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK));
  }

  asio::awaitable<bool> WasOomKilled() override { co_return false; }

  asio::awaitable<void> Destroy() override {
    link_.Close();
    if (pid_ > 0) {
      // The agent kills its runtime's process group on SIGTERM.
      ::kill(pid_, SIGTERM);
      asio::steady_timer timer(ex_);
      for (int i = 0; i < 200 && pid_ > 0; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) pid_ = -1;
        if (pid_ <= 0) break;
        timer.expires_after(std::chrono::milliseconds(10));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
      }
    }
    std::error_code ec;
    fs::remove_all(socket_dir_, ec);
  }

 private:
  asio::any_io_executor ex_;
  pid_t pid_;
  std::string id_;
  std::string socket_dir_;
  AgentLink link_;
};

// The host's PATH and locale, then what AWS sets, then the function's own.
std::vector<std::string> HostEnvironment(const FunctionConfig& fn) {
  ContainerSetup setup;
  setup.task_root = fn.code_dir;
  setup.log_stream_name = LogStreamName();
  std::vector<std::string> env = LambdaEnvironment(fn, setup);
  for (auto& kv : env) {
    if (kv.rfind("PATH=", 0) == 0) {
      const char* path = std::getenv("PATH");
      kv = std::string("PATH=") + (path ? path : "/usr/local/bin:/usr/bin:/bin");
    }
  }
  env.push_back("PYTHONDONTWRITEBYTECODE=1");
  if (const char* home = std::getenv("HOME")) env.push_back(std::string("HOME=") + home);
  return env;
}

}  // namespace

ProcessLauncher::ProcessLauncher(asio::any_io_executor ex, ProcessLaunchOptions options)
    : ex_(ex), options_(std::move(options)) {}

asio::awaitable<Result<std::unique_ptr<Environment>>> ProcessLauncher::Launch(
    const FunctionConfig& fn) {
  auto bootstrap = HostBootstrap(fn.runtime, options_.runtimes_dir);
  if (!bootstrap.ok()) co_return bootstrap.error();
  auto dir = MakeSocketDir(options_.run_dir);
  if (!dir.ok()) co_return dir.error();

  std::vector<std::string> args = {options_.agent_path, "--socket",    *dir + "/agent.sock",
                                   "--runtime-api",     "127.0.0.1:0", "--"};
  args.insert(args.end(), bootstrap->begin(), bootstrap->end());
  std::vector<std::string> env = HostEnvironment(fn);
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, fn.code_dir.c_str());
  pid_t pid = -1;
  const int rc =
      ::posix_spawn(&pid, options_.agent_path.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::error_code ec;
    fs::remove_all(*dir, ec);
    co_return MakeError(ErrorCode::kInternal,
                        "cannot start " + options_.agent_path + ": " + std::strerror(rc));
  }
  auto env_ptr = std::make_unique<HostProcess>(ex_, pid, *dir);
  if (auto st = co_await env_ptr->Connect(options_.start_timeout); !st.ok()) {
    co_await env_ptr->Destroy();
    co_return MakeError(ErrorCode::kContainerDied, "local environment for " + fn.name +
                                                       " failed to start: " + st.error().message);
  }
  co_return std::unique_ptr<Environment>(std::move(env_ptr));
}

}  // namespace lambdex
