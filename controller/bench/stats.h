// Latency statistics over a sample set. Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <vector>

namespace lambdex::bench {

// Order statistics of a sample set, in the samples' unit (milliseconds here).
struct Summary {
  std::size_t count = 0;
  double min = 0, mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// Nearest-rank percentile (p in [0, 100]) of `sorted` (ascending, non-empty):
// the smallest sample with at least p% of the samples at or below it.
double Percentile(const std::vector<double>& sorted, double p);

// An empty input gives a Summary with count 0 and zeros.
Summary Summarize(std::vector<double> samples);

// The middle value (mean of the two middle ones for an even count); 0 when empty.
double Median(std::vector<double> samples);

}  // namespace lambdex::bench
