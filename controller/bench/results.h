// What a bench run measured: plain data, filled by the scenarios and the
// baselines, read by the renderers (report.h, svg.h). Times in milliseconds.
#pragma once

#include <string>
#include <vector>

#include "controller/bench/stats.h"

namespace lambdex::bench {

// A set of timed calls; `capped` when the scenario's time cap stopped it early.
struct Samples {
  bool ran = false;
  std::string error;  // why it did not run or stopped (empty when fine)
  int errors = 0;     // calls that failed (non-200 or a function error)
  int requested = 0;  // calls asked for
  bool capped = false;
  std::vector<double> ms;  // one per successful call, in call order
};

struct Throughput {
  bool ran = false;
  std::string error;
  int clients = 0, functions = 0;
  int calls = 0, errors = 0, requested = 0;
  bool capped = false;
  double seconds = 0;
  double per_second = 0;  // successful calls per second
  std::vector<double> ms;
};

struct ModeResult {
  std::string name;
  bool started = false;
  std::string start_error;  // the serve instance's reason when it did not start
  double start_ms = 0;      // fork to a healthy GET /health
  Samples warm, cold, init;
  double init_total_ms = 0;
  Throughput throughput;
};

// The same work done without lambdex, measured in the same run.
struct Baselines {
  bool ran = false;
  std::string image;
  Samples docker_run_handler;   // docker run --rm ... python3 -c '<handler call>'
  Samples docker_run_pass;      // docker run --rm ... python3 -c pass
  Samples docker_exec_handler;  // docker exec <warm> python3 -c '<handler call>'
  Samples docker_exec_pass;     // docker exec <warm> python3 -c pass
  double in_process_us = 0;     // the handler in a loop in one Python process, per call
  std::string in_process_error;
};

struct BenchResults {
  std::string id;          // the lambdex.bench label value
  std::string started_at;  // ISO 8601, UTC
  std::string host;        // uname, cores
  bool quick = false;
  int payload_bytes = 0;
  std::vector<ModeResult> modes;
  Baselines baselines;
};

}  // namespace lambdex::bench
