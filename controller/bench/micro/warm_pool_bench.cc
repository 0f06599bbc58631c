// The warm pool's decisions on the warm path (Acquire a warm container, then
// Release it) as the pool grows, and the reaper's scan.
#include <benchmark/benchmark.h>

#include <string>
#include <variant>

#include "controller/pool/warm_pool.h"

namespace lambdex::pool {
namespace {

// A pool with `functions` functions of `per_function` idle containers each.
void Fill(WarmPool& pool, int functions, int per_function) {
  for (int f = 0; f < functions; ++f) {
    const std::string fn = "fn-" + std::to_string(f);
    for (int c = 0; c < per_function; ++c) {
      auto d = pool.Acquire(fn);
      const int generation = std::get<Start>(d).generation;
      pool.Started(fn, fn + "-c" + std::to_string(c), generation);
    }
    for (int c = 0; c < per_function; ++c) pool.Release(fn + "-c" + std::to_string(c));
  }
}

void BM_AcquireReleaseWarm(benchmark::State& state) {
  ManualClock clock;
  PoolLimits limits;
  limits.max_per_function = 10;
  WarmPool pool(limits, clock);
  const int functions = static_cast<int>(state.range(0));
  Fill(pool, functions, 10);
  const std::string fn = "fn-" + std::to_string(functions / 2);
  for (auto _ : state) {
    Decision d = pool.Acquire(fn);
    const Reuse& reuse = std::get<Reuse>(d);
    benchmark::DoNotOptimize(pool.Release(reuse.id));
  }
}
BENCHMARK(BM_AcquireReleaseWarm)->Arg(1)->Arg(100)->Arg(1000);

void BM_ExpireIdleNothingDue(benchmark::State& state) {
  ManualClock clock;
  WarmPool pool(PoolLimits{}, clock);
  Fill(pool, static_cast<int>(state.range(0)), 10);
  for (auto _ : state) benchmark::DoNotOptimize(pool.ExpireIdle());
}
BENCHMARK(BM_ExpireIdleNothingDue)->Arg(1)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace lambdex::pool
