#include "controller/bench/scenarios.h"

#include <atomic>
#include <thread>
#include <vector>

#include "controller/bench/functions.h"
#include "controller/bench/http_client.h"

namespace lambdex::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string InvokePath(const std::string& name) {
  return "/2015-03-31/functions/" + name + "/invocations";
}

std::string Describe(const HttpReply& reply) {
  std::string body = reply.body.substr(0, 200);
  return "HTTP " + std::to_string(reply.status) + (reply.function_error ? " function error" : "") +
         ": " + body;
}

Status CreateFunction(HttpClient& client, const ScenarioContext& ctx, const std::string& name,
                      const std::string& source) {
  auto body = CreateFunctionBody(name, ctx.options.runtime, source);
  if (!body) return body.error();
  auto reply = client.Post("/2015-03-31/functions", *body);
  if (!reply) return reply.error();
  if (reply->status != 201 && reply->status != 200) {
    return MakeError(ErrorCode::kInternal, "create " + name + ": " + Describe(*reply));
  }
  return {};
}

void DeleteFunction(HttpClient& client, const std::string& name) {
  (void)client.Request("DELETE", "/2015-03-31/functions/" + name, "");
}

// One invocation; its wall time, or why it failed.
Result<double> InvokeOnce(HttpClient& client, const std::string& name, const std::string& payload) {
  const auto start = Clock::now();
  auto reply = client.Post(InvokePath(name), payload);
  const double ms = MsSince(start);
  if (!reply) return reply.error();
  if (reply->status != 200 || reply->function_error) {
    return MakeError(ErrorCode::kInternal, Describe(*reply));
  }
  return ms;
}

// Sequential calls into `s` until `calls` are done or the cap passes.
void TimedCalls(const ScenarioContext& ctx, HttpClient& client, const std::string& name,
                const std::string& payload, int calls, Samples& s) {
  const auto until = Clock::now() + ctx.options.scenario_cap;
  s.requested = calls;
  for (int i = 0; i < calls; ++i) {
    if (Clock::now() >= until) {
      s.capped = true;
      break;
    }
    auto ms = InvokeOnce(client, name, payload);
    if (ms) {
      s.ms.push_back(*ms);
    } else {
      ++s.errors;
      if (s.error.empty()) s.error = ms.error().message;
    }
    ctx.progress.Update(std::to_string(i + 1) + "/" + std::to_string(calls));
  }
}

}  // namespace

void RunWarm(const ScenarioContext& ctx, ModeResult& out) {
  ctx.progress.Phase(out.name + ": warm");
  Samples& s = out.warm;
  s.ran = true;
  HttpClient client(ctx.port);
  const std::string name = ctx.prefix + "-echo";
  const std::string payload = EchoPayload(ctx.options.payload_bytes);
  if (auto st = CreateFunction(client, ctx, name, kEchoSource); !st.ok()) {
    s.error = st.error().message;
    return;
  }
  Samples warm_up;
  TimedCalls(ctx, client, name, payload, ctx.options.warm_up_calls, warm_up);
  if (warm_up.ms.empty()) {
    s.error = "warm-up failed: " + warm_up.error;
  } else {
    TimedCalls(ctx, client, name, payload, ctx.options.warm_calls, s);
  }
  DeleteFunction(client, name);
}

void RunThroughput(const ScenarioContext& ctx, ModeResult& out) {
  ctx.progress.Phase(out.name + ": throughput");
  Throughput& t = out.throughput;
  t.ran = true;
  t.clients = ctx.options.throughput_clients;
  t.functions = ctx.options.throughput_functions;
  t.requested = ctx.options.throughput_calls;
  const std::string payload = EchoPayload(ctx.options.payload_bytes);
  HttpClient admin(ctx.port);
  std::vector<std::string> names;
  for (int f = 0; f < t.functions; ++f) {
    names.push_back(ctx.prefix + "-tp" + std::to_string(f));
    if (auto st = CreateFunction(admin, ctx, names.back(), kEchoSource); !st.ok()) {
      t.error = st.error().message;
      for (const std::string& n : names) DeleteFunction(admin, n);
      return;
    }
  }

  // Every client calls once at the same moment, so each function scales out
  // to the containers the timed phase will use; then the timed phase.
  std::atomic<int> next{0}, errors{0}, warmed{0};
  std::atomic<bool> go{false};
  std::mutex mutex;
  std::string first_error;
  std::vector<std::vector<double>> per_client(static_cast<std::size_t>(t.clients));
  Clock::time_point until;
  auto client_loop = [&](int index) {
    HttpClient client(ctx.port);
    const std::string& name = names[static_cast<std::size_t>(index % t.functions)];
    (void)InvokeOnce(client, name, payload);
    ++warmed;
    while (!go.load()) std::this_thread::yield();
    std::vector<double>& mine = per_client[static_cast<std::size_t>(index)];
    while (next.fetch_add(1) < t.requested) {
      if (Clock::now() >= until) break;
      auto ms = InvokeOnce(client, name, payload);
      if (ms) {
        mine.push_back(*ms);
      } else {
        ++errors;
        std::lock_guard lock(mutex);
        if (first_error.empty()) first_error = ms.error().message;
      }
      ctx.progress.Update(std::to_string(std::min(next.load(), t.requested)) + "/" +
                          std::to_string(t.requested));
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < t.clients; ++i) threads.emplace_back(client_loop, i);
  while (warmed.load() < t.clients) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto start = Clock::now();
  until = start + ctx.options.scenario_cap;
  go.store(true);
  for (std::thread& th : threads) th.join();
  t.seconds = MsSince(start) / 1000;

  for (const auto& mine : per_client) t.ms.insert(t.ms.end(), mine.begin(), mine.end());
  t.calls = static_cast<int>(t.ms.size());
  t.errors = errors.load();
  t.capped = t.calls + t.errors < t.requested;
  t.per_second = t.seconds > 0 ? t.calls / t.seconds : 0;
  t.error = first_error;
  for (const std::string& n : names) DeleteFunction(admin, n);
}

void RunColdStart(const ScenarioContext& ctx, ModeResult& out) {
  ctx.progress.Phase(out.name + ": cold start");
  Samples& s = out.cold;
  s.ran = true;
  s.requested = ctx.options.cold_repeats;
  HttpClient client(ctx.port);
  const std::string payload = EchoPayload(ctx.options.payload_bytes);
  const auto until = Clock::now() + ctx.options.scenario_cap;
  for (int i = 0; i < s.requested; ++i) {
    if (Clock::now() >= until) {
      s.capped = true;
      break;
    }
    const std::string name = ctx.prefix + "-cold" + std::to_string(i);
    const auto start = Clock::now();
    Status created = CreateFunction(client, ctx, name, kEchoSource);
    Result<double> first =
        created.ok() ? InvokeOnce(client, name, payload) : Result<double>(created.error());
    const double ms = MsSince(start);
    if (first) {
      s.ms.push_back(ms);
    } else {
      ++s.errors;
      if (s.error.empty()) s.error = first.error().message;
    }
    DeleteFunction(client, name);
    ctx.progress.Update(std::to_string(i + 1) + "/" + std::to_string(s.requested));
  }
}

void RunInitHeavy(const ScenarioContext& ctx, ModeResult& out) {
  ctx.progress.Phase(out.name + ": init-heavy");
  Samples& s = out.init;
  s.ran = true;
  HttpClient client(ctx.port);
  const std::string name = ctx.prefix + "-init";
  if (auto st = CreateFunction(client, ctx, name, kInitHeavySource); !st.ok()) {
    s.error = st.error().message;
    return;
  }
  const auto start = Clock::now();
  TimedCalls(ctx, client, name, EchoPayload(ctx.options.payload_bytes), ctx.options.init_calls, s);
  out.init_total_ms = MsSince(start);
  DeleteFunction(client, name);
}

}  // namespace lambdex::bench
