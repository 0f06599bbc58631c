#include "controller/executors/warm_executor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "controller/executors/invoke_result.h"

namespace lambdex {

namespace asio = boost::asio;

namespace {

std::shared_ptr<spdlog::logger> PoolLog() {
  auto log = spdlog::get("pool");
  return log ? log : spdlog::default_logger();
}

std::string Short(const std::string& id) { return id.substr(0, 12); }

}  // namespace

WarmExecutor::WarmExecutor(asio::any_io_executor ex, std::unique_ptr<Launcher> launcher,
                           const Clock& clock, WarmOptions options,
                           std::unique_ptr<HotReloadWatcher> watcher)
    : ex_(ex),
      launcher_(std::move(launcher)),
      clock_(clock),
      options_(options),
      watcher_(std::move(watcher)),
      pool_(options_.limits, clock_),
      reaper_timer_(ex_) {}

asio::steady_timer& WarmExecutor::WakeTimer(const std::string& fn) {
  auto& t = wake_[fn];
  if (!t) {
    t = std::make_unique<asio::steady_timer>(ex_);
    t->expires_at(asio::steady_timer::time_point::max());
  }
  return *t;
}

void WarmExecutor::Wake(const std::string& fn) {
  auto it = wake_.find(fn);
  if (it != wake_.end()) it->second->cancel();
}

asio::awaitable<Result<WarmExecutor::EnvPtr>> WarmExecutor::Acquire(const FunctionConfig& fn) {
  for (;;) {
    if (shutting_down_) co_return MakeError(ErrorCode::kInternal, "lambdex is shutting down");
    auto decision = pool_.Acquire(fn.name);
    if (auto* reuse = std::get_if<pool::Reuse>(&decision)) {
      auto it = envs_.find(reuse->id);
      if (it != envs_.end() && it->second.env->Alive()) co_return it->second.env;
      PoolLog()->warn("warm environment gone, replacing fn={} id={}", fn.name, Short(reuse->id));
      pool_.Remove(reuse->id);
      co_await Dispose(reuse->id);
      continue;
    }
    if (auto* start = std::get_if<pool::Start>(&decision)) {
      const auto t0 = std::chrono::steady_clock::now();
      auto launched = co_await launcher_->Launch(fn);
      if (!launched.ok()) {
        pool_.StartFailed(fn.name);
        Wake(fn.name);
        PoolLog()->error("environment start failed fn={} error={}", fn.name,
                         launched.error().message);
        co_return launched.error();
      }
      EnvPtr env = std::move(*launched);
      if (shutting_down_) {  // Shutdown ran while it started and would not see it
        pool_.StartFailed(fn.name);
        co_await env->Destroy();
        co_return MakeError(ErrorCode::kInternal, "lambdex is shutting down");
      }
      pool_.Started(fn.name, env->id(), start->generation);
      envs_[env->id()] = Slot{fn.name, env};
      PoolLog()->info("environment started fn={} id={} ms={}", fn.name, Short(env->id()),
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - t0)
                          .count());
      co_return env;
    }
    // At capacity: queue, bounded, until an environment is released or removed.
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

asio::awaitable<void> WarmExecutor::RecycleIfCodeChanged(const FunctionConfig& fn) {
  if (!watcher_ || !fn.hot_reload) co_return;
  // Edits are queued on the inotify fd by the time the writer returns, so a
  // check here makes an edit visible on the very next invocation.
  if (watcher_->Changed(fn.name, fn.code_dir) && pool_.Count(fn.name) > 0) {
    PoolLog()->info("code changed, recycling warm environments fn={} dir={}", fn.name, fn.code_dir);
    co_await Retire(fn.name);
  }
}

asio::awaitable<Result<InvokeOutput>> WarmExecutor::Invoke(const FunctionConfig& fn,
                                                           InvokeInput input) {
  co_await RecycleIfCodeChanged(fn);
  link::InvokeRequest req = MakeInvokeRequest(fn, std::move(input), clock_.UnixMillis());
  // The agent enforces the deadline; this guard only catches a wedged environment.
  const auto guard = std::chrono::milliseconds(fn.timeout_s * 1000LL + 10000);
  EnvPtr env;
  Result<link::InvokeResult> result = MakeError(ErrorCode::kInternal, "not run");
  // An environment that died while idle can refuse a call before it reaches
  // the runtime; that call is safe to give to a fresh environment, once.
  for (int attempt = 0;; ++attempt) {
    auto acquired = co_await Acquire(fn);
    if (!acquired.ok()) co_return acquired.error();
    env = *acquired;
    result = co_await env->Invoke(req, guard);
    if (result.ok() || attempt > 0 || env->Delivered()) break;
    PoolLog()->warn("environment refused the call, retrying on a fresh one fn={} id={} error={}",
                    fn.name, Short(env->id()), result.error().message);
    pool_.Remove(env->id());
    co_await Dispose(env->id());
    Wake(fn.name);
  }
  if (!result.ok()) co_return co_await Lost(fn.name, env, result.error(), req.request_id());
  if (!pool_.Release(env->id())) co_await Dispose(env->id());
  Wake(fn.name);
  co_return ToInvokeOutput(std::move(*result));
}

asio::awaitable<InvokeOutput> WarmExecutor::Lost(const std::string& fn, const EnvPtr& env,
                                                 const Error& error,
                                                 const std::string& request_id) {
  const bool oom = co_await env->WasOomKilled();
  PoolLog()->warn("environment lost mid-call fn={} id={} oom={} error={}", fn, Short(env->id()),
                  oom, error.message);
  pool_.Remove(env->id());
  co_await Dispose(env->id());
  Wake(fn);
  co_return LostEnvironmentOutput(request_id, oom, error);
}

asio::awaitable<void> WarmExecutor::Dispose(std::string id) {
  auto it = envs_.find(id);
  if (it == envs_.end()) co_return;
  Slot slot = std::move(it->second);
  envs_.erase(it);
  co_await slot.env->Destroy();
  PoolLog()->info("environment removed fn={} id={}", slot.fn, Short(id));
}

asio::awaitable<void> WarmExecutor::Retire(std::string function_name) {
  for (const auto& id : pool_.Retire(function_name)) co_await Dispose(id);
  Wake(function_name);
}

asio::awaitable<void> WarmExecutor::Shutdown() {
  shutting_down_ = true;
  reaper_timer_.cancel();
  for (auto& [fn, timer] : wake_) timer->cancel();
  std::vector<std::string> ids;
  for (const auto& [id, slot] : envs_) ids.push_back(id);
  for (const auto& id : ids) {
    pool_.Remove(id);
    co_await Dispose(id);
  }
}

void WarmExecutor::StartReaper() { asio::co_spawn(ex_, ReapLoop(), asio::detached); }

asio::awaitable<void> WarmExecutor::ReapLoop() {
  const auto period = std::clamp(options_.limits.idle_ttl / 4, std::chrono::milliseconds(100),
                                 std::chrono::milliseconds(30000));
  while (!shutting_down_) {
    reaper_timer_.expires_after(period);
    boost::system::error_code ec;
    co_await reaper_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    for (const auto& id : pool_.ExpireIdle()) {
      PoolLog()->info("environment idle past keepalive id={}", Short(id));
      co_await Dispose(id);
    }
  }
}

}  // namespace lambdex
