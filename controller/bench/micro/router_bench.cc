// The API router on the requests a warm invocation and a listing make.
#include <benchmark/benchmark.h>

#include "controller/api/router.h"

namespace lambdex::api {
namespace {

void BM_RouteInvoke(benchmark::State& state) {
  for (auto _ : state) {
    Route r = RouteRequest("POST", "/2015-03-31/functions/my-function/invocations");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_RouteInvoke);

void BM_RouteInvokeArn(benchmark::State& state) {
  for (auto _ : state) {
    Route r = RouteRequest(
        "POST",
        "/2015-03-31/functions/"
        "arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-function/invocations");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_RouteInvokeArn);

void BM_RouteListWithQuery(benchmark::State& state) {
  for (auto _ : state) {
    Route r = RouteRequest("GET", "/2015-03-31/functions/?MaxItems=50&Marker=abc%20def");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_RouteListWithQuery);

void BM_RouteUnknown(benchmark::State& state) {
  for (auto _ : state) {
    Route r = RouteRequest("GET", "/2018-06-01/runtime/invocation/next");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_RouteUnknown);

}  // namespace
}  // namespace lambdex::api
