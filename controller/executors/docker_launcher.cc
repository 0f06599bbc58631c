#include "controller/executors/docker_launcher.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>

#include "controller/executors/agent_link.h"
#include "controller/executors/container_spec.h"
#include "controller/executors/oneshot.h"

namespace lambdex {

namespace asio = boost::asio;
namespace fs = std::filesystem;

std::string RandomHex(int bytes) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned>(rng() & 0xff);
    s += kHex[b >> 4];
    s += kHex[b & 0xf];
  }
  return s;
}

std::string LogStreamName() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y/%m/%d", &tm);
  return std::string(date) + "/[$LATEST]" + RandomHex(16);
}

Result<std::string> MakeSocketDir(const std::string& run_dir) {
  std::error_code ec;
  fs::create_directories(run_dir, ec);
  ::chmod(run_dir.c_str(), 0700);
  std::string dir = run_dir + "/" + RandomHex(6);
  if (::mkdir(dir.c_str(), 0700) != 0) {
    return MakeError(ErrorCode::kInternal,
                     "cannot create socket dir " + dir + ": " + std::strerror(errno));
  }
  return dir;
}

ContainerSetup SetupFor(const DockerLaunchOptions& options, const RuntimeImage& runtime) {
  ContainerSetup setup;
  setup.runtime = runtime;
  setup.agent_host_path = options.agent_path;
  setup.network = options.network;
  setup.pids_limit = options.pids_limit;
  setup.extra_labels = options.extra_labels;
  setup.owner_pid = std::to_string(::getpid());
  setup.log_stream_name = LogStreamName();
  return setup;
}

asio::awaitable<Result<std::string>> CreateContainer(docker::Engine& engine,
                                                     docker::ContainerSpec spec) {
  const std::string image = spec.image;
  auto id = co_await engine.CreateContainer(std::move(spec));
  if (!id.ok() && id.error().code == ErrorCode::kNotFound) {
    co_return MakeError(ErrorCode::kInternal, "runtime image " + image +
                                                  " is missing; build it with "
                                                  "scripts/build-images.sh (" +
                                                  id.error().message + ")");
  }
  co_return id;
}

namespace {

// True when the agent's end of an idle link has gone (container killed while idle).
bool PeerClosed(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

class SocketContainer final : public Environment {
 public:
  SocketContainer(asio::any_io_executor ex, docker::Engine& engine, std::string id,
                  std::string socket_dir)
      : engine_(engine), id_(std::move(id)), socket_dir_(std::move(socket_dir)), link_(ex) {}

  const std::string& id() const override { return id_; }

  asio::awaitable<Status> Connect(std::chrono::milliseconds timeout) {
    co_return co_await link_.Connect(socket_dir_ + "/agent.sock", timeout);
  }

  asio::awaitable<Result<link::InvokeResult>> Invoke(const link::InvokeRequest& request,
                                                     std::chrono::milliseconds guard) override {
    co_return co_await link_.Invoke(request, guard);
  }

  bool Alive() override { return link_.is_open() && !PeerClosed(link_.native_handle()); }

  asio::awaitable<bool> WasOomKilled() override {
    auto info = co_await engine_.InspectContainer(id_);
    co_return info.ok() && info->oom_killed;
  }

  asio::awaitable<void> Destroy() override {
    if (destroyed_) co_return;
    destroyed_ = true;
    link_.Close();
    co_await engine_.RemoveContainer(id_, true);
    std::error_code ec;
    fs::remove_all(socket_dir_, ec);
  }

 private:
  docker::Engine& engine_;
  std::string id_;
  std::string socket_dir_;
  AgentLink link_;
  bool destroyed_ = false;
};

// An idle container; every invocation is an exec of the one-shot agent.
class ExecContainer final : public Environment {
 public:
  ExecContainer(docker::Engine& engine, std::string id, RuntimeImage runtime)
      : engine_(engine), id_(std::move(id)), runtime_(std::move(runtime)) {}

  const std::string& id() const override { return id_; }

  asio::awaitable<Result<link::InvokeResult>> Invoke(const link::InvokeRequest& request,
                                                     std::chrono::milliseconds guard) override {
    docker::ExecSpec spec;
    spec.cmd = OneShotCommand(runtime_);
    // The result carries the call's output; the stream's stderr needs no second copy.
    docker::LineCallback ignore_stderr = [](std::string_view) {};
    auto exec = co_await engine_.ExecAttached(id_, std::move(spec), std::move(ignore_stderr));
    if (!exec.ok()) {
      lost_ = true;
      delivered_ = false;
      co_return exec.error();
    }
    delivered_ = true;
    auto result = co_await OneShotInvoke(*exec->stream, request, guard);
    exec->stream->Close();
    if (!result.ok()) lost_ = true;
    co_return result;
  }

  bool Alive() override { return !lost_; }
  bool Delivered() const override { return delivered_; }

  asio::awaitable<bool> WasOomKilled() override {
    auto info = co_await engine_.InspectContainer(id_);
    co_return info.ok() && info->oom_killed;
  }

  asio::awaitable<void> Destroy() override {
    if (destroyed_) co_return;
    destroyed_ = true;
    co_await engine_.RemoveContainer(id_, true);
  }

 private:
  docker::Engine& engine_;
  std::string id_;
  RuntimeImage runtime_;
  bool lost_ = false;
  bool delivered_ = true;
  bool destroyed_ = false;
};

}  // namespace

ExecLauncher::ExecLauncher(asio::any_io_executor ex, docker::Engine& engine,
                           DockerLaunchOptions options)
    : ex_(ex), engine_(engine), options_(std::move(options)) {}

asio::awaitable<Result<std::unique_ptr<Environment>>> ExecLauncher::Launch(
    const FunctionConfig& fn) {
  auto runtime = co_await ResolveImage(engine_, fn);
  if (!runtime.ok()) co_return runtime.error();
  // Temporaries are kept out of co_await expressions: gcc 12 mis-destroys them.
  docker::ContainerSpec spec = IdleContainerSpec(fn, SetupFor(options_, *runtime));
  auto id = co_await CreateContainer(engine_, std::move(spec));
  if (!id.ok()) co_return id.error();
  auto env = std::make_unique<ExecContainer>(engine_, *id, *runtime);
  if (auto st = co_await engine_.StartContainer(*id); !st.ok()) {
    co_await env->Destroy();
    co_return st.error();
  }
  co_return std::unique_ptr<Environment>(std::move(env));
}

StayOpenLauncher::StayOpenLauncher(asio::any_io_executor ex, docker::Engine& engine,
                                   DockerLaunchOptions options)
    : ex_(ex), engine_(engine), options_(std::move(options)) {}

asio::awaitable<Result<std::unique_ptr<Environment>>> StayOpenLauncher::Launch(
    const FunctionConfig& fn) {
  auto runtime = co_await ResolveImage(engine_, fn);
  if (!runtime.ok()) co_return runtime.error();
  auto dir = MakeSocketDir(options_.run_dir);
  if (!dir.ok()) co_return dir.error();

  ContainerSetup setup = SetupFor(options_, *runtime);
  setup.socket_host_dir = *dir;
  docker::ContainerSpec spec = StayOpenContainerSpec(fn, setup);
  auto id = co_await CreateContainer(engine_, std::move(spec));
  if (!id.ok()) {
    std::error_code ec;
    fs::remove_all(*dir, ec);
    co_return id.error();
  }
  auto env = std::make_unique<SocketContainer>(ex_, engine_, *id, *dir);
  if (auto st = co_await engine_.StartContainer(*id); !st.ok()) {
    co_await env->Destroy();
    co_return st.error();
  }
  if (auto st = co_await env->Connect(options_.start_timeout); !st.ok()) {
    std::string why = st.error().message;
    if (auto info = co_await engine_.InspectContainer(*id); info.ok() && !info->running) {
      why = "container exited with code " + std::to_string(info->exit_code) +
            " before its agent was ready";
    }
    co_await env->Destroy();
    co_return MakeError(ErrorCode::kContainerDied,
                        "environment for " + fn.name + " failed to start: " + why);
  }
  co_return std::unique_ptr<Environment>(std::move(env));
}

}  // namespace lambdex
