// Renders BenchResults as a text table and as JSON. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "controller/bench/results.h"

namespace lambdex::bench {

// The run summarised for a terminal: one block per scenario, one row per
// mode, then the baselines and the ratios against them.
std::string RenderTable(const BenchResults& r);

// Every sample and summary; stable field names for scripts.
std::string RenderJson(const BenchResults& r);

// mode warm p50 / docker-exec baseline p50; nullopt when either is missing.
std::optional<double> WarmRatio(const ModeResult& m, const Baselines& b);
// mode cold-start median / `docker run --rm python3 -c pass` median.
std::optional<double> ColdRatio(const ModeResult& m, const Baselines& b);

// "0.84 ms", "12.3 ms", "1.52 s": three significant figures.
std::string FormatMs(double ms);

}  // namespace lambdex::bench
