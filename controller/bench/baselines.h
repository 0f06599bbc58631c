// What a user would run without lambdex, measured in the same run: the docker
// CLI (`docker run --rm`, `docker exec` into a warm container) and the
// handler in a loop inside one Python process (the floor).
#pragma once

#include "controller/bench/options.h"
#include "controller/bench/progress.h"
#include "controller/bench/results.h"

namespace lambdex::bench {

// The warm container is labelled lambdex.bench=<id> and removed before this
// returns.
void RunBaselines(const BenchOptions& options, const std::string& id, Progress& progress,
                  Baselines& out);

}  // namespace lambdex::bench
