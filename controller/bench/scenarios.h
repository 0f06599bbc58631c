// The four scenarios, run against one lambdex on 127.0.0.1:port through its
// REST API. Each fills its part of a ModeResult; a failure is recorded there,
// never thrown. Functions they create are deleted before they return.
#pragma once

#include <cstdint>
#include <string>

#include "controller/bench/options.h"
#include "controller/bench/progress.h"
#include "controller/bench/results.h"

namespace lambdex::bench {

struct ScenarioContext {
  std::uint16_t port = 0;
  const BenchOptions& options;
  Progress& progress;
  std::string prefix;  // function names start with it (unique per run)
};

void RunWarm(const ScenarioContext& ctx, ModeResult& out);
void RunThroughput(const ScenarioContext& ctx, ModeResult& out);
void RunColdStart(const ScenarioContext& ctx, ModeResult& out);
void RunInitHeavy(const ScenarioContext& ctx, ModeResult& out);

}  // namespace lambdex::bench
