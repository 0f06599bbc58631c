#include "controller/api/event_queue.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <set>

#include "controller/api/api_context.h"
#include "controller/api/invocation_log.h"
#include "controller/api/log.h"

namespace lambdex::api {

namespace asio = boost::asio;

struct EventQueues::State {
  struct Function {
    std::uint64_t epoch = 0;
    std::size_t queued = 0;
    std::set<asio::steady_timer*> timers;  // owned by the waiting events
  };
  std::uint64_t next_epoch = 0;
  std::map<std::string, Function, std::less<>> functions;

  bool Current(const std::string& name, std::uint64_t epoch) const {
    auto it = functions.find(name);
    return it != functions.end() && it->second.epoch == epoch;
  }
  void Finish(const std::string& name, std::uint64_t epoch) {
    auto it = functions.find(name);
    if (it == functions.end() || it->second.epoch != epoch) return;
    if (--it->second.queued == 0) functions.erase(it);
  }
};

namespace {

using State = std::shared_ptr<EventQueues::State>;

// Waits `delay` on a timer Drop() can cancel; false if the event was dropped.
asio::awaitable<bool> Wait(State st, const std::string& name, std::uint64_t epoch,
                           std::chrono::milliseconds delay) {
  if (!st->Current(name, epoch)) co_return false;
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  st->functions[name].timers.insert(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (auto it = st->functions.find(name); it != st->functions.end())
    it->second.timers.erase(&timer);
  co_return st->Current(name, epoch);
}

asio::awaitable<void> RunEvent(ApiContext& ctx, State st, std::string name, std::uint64_t epoch,
                               InvokeInput input) {
  const AsyncInvokeOptions opts = ctx.async;
  const auto accepted = std::chrono::steady_clock::now();
  const std::string& id = input.request_id;
  std::chrono::milliseconds backoff = opts.throttle_backoff_initial;
  std::size_t attempts = 0;
  while (st->Current(name, epoch)) {
    Result<FunctionSnapshot> snapshot = ctx.registry.Get(name);
    if (!snapshot) break;  // deleted meanwhile
    const FunctionSnapshot fn = std::move(*snapshot);
    std::optional<ConcurrencyTracker::Slot> slot =
        ctx.concurrency.TryAcquire(name, fn->reserved_concurrency);
    std::optional<Result<InvokeOutput>> out;
    if (slot) {
      out.emplace(co_await ctx.executor.Invoke(*fn, input));
      slot.reset();
    }
    if (!out || (!out->ok() && out->error().code == ErrorCode::kTooManyRequests)) {
      if (std::chrono::steady_clock::now() - accepted >= opts.max_event_age) {
        ApiLog()->warn("event discarded fn={} request_id={}: throttled until max event age", name,
                       id);
        break;
      }
      if (!co_await Wait(st, name, epoch, backoff)) break;
      backoff = std::min(backoff * 2, opts.throttle_backoff_max);
      continue;
    }
    ++attempts;
    if (out->ok()) {
      RecordInvocationLog(ctx.code_store.data_dir(), name,
                          FormatInvocationLog(id, fn->version, fn->memory_mb, out->value()));
      if (out->value().function_error.empty()) break;
      ApiLog()->info("event attempt {} failed fn={} request_id={} error={}", attempts, name, id,
                     out->value().error_type);
    } else {
      ApiLog()->warn("event attempt {} failed fn={} request_id={} platform error: {}", attempts,
                     name, id, out->error().message);
    }
    if (attempts > opts.retry_delays.size()) {
      ApiLog()->warn("event discarded fn={} request_id={} after {} attempts", name, id, attempts);
      break;
    }
    if (!co_await Wait(st, name, epoch, opts.retry_delays[attempts - 1])) break;
  }
  st->Finish(name, epoch);
}

}  // namespace

EventQueues::EventQueues() : state_(std::make_shared<State>()) {}

Status EventQueues::Enqueue(ApiContext& ctx, asio::any_io_executor io, std::string function_name,
                            InvokeInput input) {
  auto [it, fresh] = state_->functions.try_emplace(function_name);
  if (fresh) it->second.epoch = ++state_->next_epoch;
  if (it->second.queued >= ctx.async.max_queued) {
    return MakeError(ErrorCode::kTooManyRequests,
                     "The asynchronous event queue of " + function_name + " is full (" +
                         std::to_string(ctx.async.max_queued) + " events).");
  }
  ++it->second.queued;
  const std::uint64_t epoch = it->second.epoch;
  asio::co_spawn(io, RunEvent(ctx, state_, std::move(function_name), epoch, std::move(input)),
                 [](std::exception_ptr e) {
                   if (e) ApiLog()->error("event invocation threw");
                 });
  return {};
}

void EventQueues::Drop(std::string_view function_name) {
  auto it = state_->functions.find(function_name);
  if (it == state_->functions.end()) return;
  const std::set<asio::steady_timer*> timers = std::move(it->second.timers);
  const std::size_t dropped = it->second.queued;
  state_->functions.erase(it);
  for (asio::steady_timer* timer : timers) timer->cancel();
  if (dropped > 0) ApiLog()->info("dropped {} queued event(s) of {}", dropped, function_name);
}

std::size_t EventQueues::Queued(std::string_view function_name) const {
  auto it = state_->functions.find(function_name);
  return it == state_->functions.end() ? 0 : it->second.queued;
}

}  // namespace lambdex::api
