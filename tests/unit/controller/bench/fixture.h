// A BenchResults with one mode of every kind a renderer must handle.
#pragma once

#include "controller/bench/results.h"

namespace lambdex::bench {

inline BenchResults SampleResults() {
  BenchResults r;
  r.id = "120000-42";
  r.started_at = "2024-01-01T12:00:00Z";
  r.host = "Linux 6.1, 2 cpus";
  r.quick = true;
  r.payload_bytes = 1024;

  ModeResult fast;
  fast.name = "stay-open";
  fast.started = true;
  fast.warm.ran = true;
  for (int i = 1; i <= 100; ++i) fast.warm.ms.push_back(i / 100.0);  // 0.01 .. 1.00 ms
  fast.warm.requested = 100;
  fast.cold.ran = true;
  fast.cold.ms = {900, 1100};
  fast.cold.requested = 2;
  fast.init.ran = true;
  fast.init.ms = {1200, 2, 2, 3};
  fast.init.requested = 4;
  fast.init_total_ms = 1207;
  Throughput& t = fast.throughput;
  t.ran = true;
  t.clients = 16;
  t.functions = 4;
  t.calls = 400;
  t.errors = 1;
  t.requested = 400;
  t.seconds = 2;
  t.per_second = 200;
  t.ms = {1, 2, 3};

  ModeResult slow;
  slow.name = "docker";
  slow.started = true;
  slow.warm.ran = true;
  slow.warm.ms = {500, 700};
  slow.warm.requested = 200;
  slow.warm.capped = true;
  slow.warm.errors = 1;
  slow.warm.error = "HTTP 502: <boom> & \"quoted\"";
  slow.cold.ran = true;
  slow.cold.error = "create failed";
  slow.cold.errors = 2;

  ModeResult broken;
  broken.name = "docker-exec";
  broken.start_error = "executor docker-reuse with LAMBDA_STAY_OPEN_MODE=0 is not available";

  r.modes = {fast, broken, slow};

  Baselines& b = r.baselines;
  b.ran = true;
  b.image = "lambdex/python:latest";
  b.docker_exec_handler.ms = {100, 100, 120};
  b.docker_exec_pass.ms = {80, 90};
  b.docker_run_pass.ms = {400, 500, 600};
  b.docker_run_handler.error = "exit 125: no such image";
  b.docker_run_handler.errors = 3;
  b.in_process_us = 4.5;
  return r;
}

}  // namespace lambdex::bench
