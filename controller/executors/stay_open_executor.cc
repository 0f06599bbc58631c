#include "controller/executors/stay_open_executor.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "controller/executors/invoke_result.h"

namespace lambdex {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<spdlog::logger> PoolLog() {
  auto log = spdlog::get("pool");
  return log ? log : spdlog::default_logger();
}

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

// True when the agent's end of an idle link has gone (container killed while idle).
bool PeerClosed(int fd) {
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

}  // namespace

StayOpenExecutor::StayOpenExecutor(asio::any_io_executor ex, docker::Engine& engine,
                                   const Clock& clock, StayOpenOptions options)
    : ex_(ex), engine_(engine), clock_(clock), options_(std::move(options)),
      pool_(options_.limits, clock_) {}

asio::steady_timer& StayOpenExecutor::WakeTimer(const std::string& fn) {
  auto& t = wake_[fn];
  if (!t) {
    t = std::make_unique<asio::steady_timer>(ex_);
    t->expires_at(asio::steady_timer::time_point::max());
  }
  return *t;
}

void StayOpenExecutor::Wake(const std::string& fn) {
  auto it = wake_.find(fn);
  if (it != wake_.end()) it->second->cancel();
}

asio::awaitable<Result<StayOpenExecutor::ContainerPtr>> StayOpenExecutor::Acquire(
    const FunctionConfig& fn) {
  for (;;) {
    if (shutting_down_) co_return MakeError(ErrorCode::kInternal, "lambdex is shutting down");
    auto decision = pool_.Acquire(fn.name);
    if (auto* reuse = std::get_if<pool::Reuse>(&decision)) {
      auto it = containers_.find(reuse->id);
      if (it != containers_.end() && it->second->link->is_open() &&
          !PeerClosed(it->second->link->native_handle())) {
        co_return it->second;
      }
      PoolLog()->warn("warm container gone, replacing fn={} id={}", fn.name, reuse->id.substr(0, 12));
      pool_.Remove(reuse->id);
      co_await Dispose(reuse->id);
      continue;
    }
    if (auto* start = std::get_if<pool::Start>(&decision)) {
      auto started = co_await StartContainer(fn);
      if (!started.ok()) {
        pool_.StartFailed(fn.name);
        Wake(fn.name);
        co_return started.error();
      }
      pool_.Started(fn.name, (*started)->id, start->generation);
      containers_[(*started)->id] = *started;
      co_return *started;
    }
    // At capacity: queue, bounded, until a container is released or removed.
    if (waiters_[fn.name] >= options_.max_waiters_per_function) {
      co_return MakeError(ErrorCode::kTooManyRequests,
                          "Rate Exceeded. Too many queued invocations of " + fn.name);
    }
    ++waiters_[fn.name];
    boost::system::error_code ec;
    co_await WakeTimer(fn.name).async_wait(asio::redirect_error(asio::use_awaitable, ec));
    --waiters_[fn.name];
  }
}

asio::awaitable<Result<StayOpenExecutor::ContainerPtr>> StayOpenExecutor::StartContainer(
    const FunctionConfig& fn) {
  auto runtime = ImageForRuntime(fn.runtime);
  if (!runtime.ok()) co_return runtime.error();

  auto c = std::make_shared<Container>();
  c->fn = fn.name;
  c->socket_dir = options_.run_dir + "/" + RandomHex(6);
  std::error_code fec;
  fs::create_directories(options_.run_dir, fec);
  if (::mkdir(c->socket_dir.c_str(), 0700) != 0) {
    co_return MakeError(ErrorCode::kInternal,
                        "cannot create socket dir " + c->socket_dir + ": " + std::strerror(errno));
  }

  ContainerSetup setup;
  setup.runtime = *runtime;
  setup.agent_host_path = options_.agent_path;
  setup.socket_host_dir = c->socket_dir;
  setup.network = options_.network;
  setup.pids_limit = options_.pids_limit;
  setup.extra_labels = options_.extra_labels;
  setup.owner_pid = std::to_string(::getpid());
  setup.log_stream_name = LogStreamName();

  const auto t0 = std::chrono::steady_clock::now();
  auto fail = [&](Error e) -> asio::awaitable<Result<ContainerPtr>> {
    if (!c->id.empty()) co_await engine_.RemoveContainer(c->id, true);
    fs::remove_all(c->socket_dir, fec);
    PoolLog()->error("container start failed fn={} error={}", fn.name, e.message);
    co_return e;
  };

  auto id = co_await engine_.CreateContainer(StayOpenContainerSpec(fn, setup));
  if (!id.ok()) {
    Error e = id.error();
    if (e.code == ErrorCode::kNotFound) {
      e = MakeError(ErrorCode::kInternal, "runtime image " + runtime->image +
                                              " is missing; build it with scripts/build-images.sh (" +
                                              e.message + ")");
    }
    co_return co_await fail(e);
  }
  c->id = *id;
  if (auto st = co_await engine_.StartContainer(c->id); !st.ok()) co_return co_await fail(st.error());

  c->link = std::make_unique<AgentLink>(ex_);
  if (auto st = co_await c->link->Connect(c->socket_dir + "/agent.sock", options_.start_timeout);
      !st.ok()) {
    std::string why = st.error().message;
    if (auto info = co_await engine_.InspectContainer(c->id); info.ok() && !info->running) {
      why = "container exited with code " + std::to_string(info->exit_code) +
            " before its agent was ready";
    }
    co_return co_await fail(MakeError(ErrorCode::kContainerDied,
                                      "environment for " + fn.name + " failed to start: " + why));
  }
  PoolLog()->info("container started fn={} id={} ms={}", fn.name, c->id.substr(0, 12),
                  std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0).count());
  co_return c;
}

asio::awaitable<Result<InvokeOutput>> StayOpenExecutor::Invoke(const FunctionConfig& fn,
                                                               InvokeInput input) {
  auto acquired = co_await Acquire(fn);
  if (!acquired.ok()) co_return acquired.error();
  ContainerPtr c = *acquired;

  link::InvokeRequest req = MakeInvokeRequest(fn, std::move(input), clock_.UnixMillis());
  // The agent enforces the deadline; this guard only catches a wedged container.
  const auto guard = std::chrono::milliseconds(fn.timeout_s * 1000LL + 10000);
  auto result = co_await c->link->Invoke(req, guard);
  if (!result.ok()) {
    InvokeOutput out = co_await LostContainer(c, result.error(), req.request_id());
    co_return out;
  }
  if (!pool_.Release(c->id)) co_await Dispose(c->id);
  Wake(fn.name);
  co_return ToInvokeOutput(std::move(*result));
}

asio::awaitable<InvokeOutput> StayOpenExecutor::LostContainer(const ContainerPtr& c,
                                                               const Error& error,
                                                               const std::string& request_id) {
  bool oom = false;
  if (auto info = co_await engine_.InspectContainer(c->id); info.ok()) oom = info->oom_killed;
  PoolLog()->warn("container lost mid-call fn={} id={} oom={} error={}", c->fn, c->id.substr(0, 12),
                  oom, error.message);
  pool_.Remove(c->id);
  co_await Dispose(c->id);
  Wake(c->fn);
  co_return LostEnvironmentOutput(request_id, oom, error);
}

asio::awaitable<void> StayOpenExecutor::Dispose(std::string id) {
  auto it = containers_.find(id);
  if (it == containers_.end()) co_return;
  ContainerPtr c = it->second;
  containers_.erase(it);
  if (c->link) c->link->Close();
  auto st = co_await engine_.RemoveContainer(id, true);
  if (!st.ok()) PoolLog()->warn("container remove failed id={} error={}", id.substr(0, 12), st.error().message);
  std::error_code ec;
  fs::remove_all(c->socket_dir, ec);
  PoolLog()->info("container removed fn={} id={}", c->fn, id.substr(0, 12));
}

asio::awaitable<void> StayOpenExecutor::Retire(std::string function_name) {
  for (const auto& id : pool_.Retire(function_name)) co_await Dispose(id);
  Wake(function_name);
}

asio::awaitable<void> StayOpenExecutor::Shutdown() {
  shutting_down_ = true;
  for (auto& [fn, timer] : wake_) timer->cancel();
  std::vector<std::string> ids;
  for (const auto& [id, c] : containers_) ids.push_back(id);
  for (const auto& id : ids) {
    pool_.Remove(id);
    co_await Dispose(id);
  }
}

void StayOpenExecutor::StartReaper() {
  asio::co_spawn(ex_, ReapLoop(), asio::detached);
}

asio::awaitable<void> StayOpenExecutor::ReapLoop() {
  const auto period = std::clamp(options_.limits.idle_ttl / 4, std::chrono::milliseconds(100),
                                 std::chrono::milliseconds(30000));
  asio::steady_timer timer(ex_);
  while (!shutting_down_) {
    timer.expires_after(period);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    for (const auto& id : pool_.ExpireIdle()) {
      PoolLog()->info("container idle past keepalive id={}", id.substr(0, 12));
      co_await Dispose(id);
    }
  }
}

}  // namespace lambdex
