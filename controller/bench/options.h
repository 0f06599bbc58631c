// `lambdex bench` arguments: which modes and scenarios, how many calls, where
// to write the report. Parsed by one pure function.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "shared/util/result.h"

namespace lambdex::bench {

// An executor set-up to start `lambdex serve` in; its name is what users type.
struct ModeSpec {
  std::string name;                // "stay-open" | "docker-exec" | "docker" | "local" | "endpoint"
  std::vector<std::string> flags;  // extra `lambdex serve` flags
};

// The known modes, in report order; "endpoint" is not among them.
const std::vector<ModeSpec>& KnownModes();

struct BenchOptions {
  std::vector<ModeSpec> modes;  // empty when `endpoint` is set
  std::string endpoint;         // "http://127.0.0.1:PORT": bench a running lambdex instead
  std::uint16_t endpoint_port = 0;

  bool quick = false;
  bool run_warm = true, run_throughput = true, run_cold = true, run_init = true;
  bool run_baselines = true;

  int warm_calls = 1000;
  int warm_up_calls = 20;
  int payload_bytes = 1024;
  int throughput_clients = 16;
  int throughput_functions = 4;
  int throughput_calls = 10000;
  int cold_repeats = 5;
  int init_calls = 20;
  int baseline_run_calls = 5;    // docker run --rm per call
  int baseline_exec_calls = 20;  // docker exec per call
  // A scenario stops after this long and reports what it finished, so a slow
  // mode (a container per call) cannot stall the whole run.
  std::chrono::seconds scenario_cap{120};

  std::string image = "lambdex/python:latest";
  std::string runtime = "python3.11";
  std::string host_python = "/usr/bin/python3";
  std::string json_path;  // --json FILE
  std::string svg_path;   // --svg FILE
  std::string serve_log_level = "warn";
  bool keep_data = false;  // keep the temporary data dirs (serve logs) for inspection
};

// argv[0] is "bench" (or the program). `--help` yields kInvalidRequest whose
// message starts with "help:" followed by the help text.
Result<BenchOptions> ParseBenchArgs(int argc, const char* const* argv);

}  // namespace lambdex::bench
