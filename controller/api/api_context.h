// What every operation handler needs: the registry, the code store, the
// executor, and the sources of ids and time (injected so tests are exact).
// Holds references plus the invocation state it owns; everything referenced
// must outlive the context and any Event invocation still running in the
// background.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "controller/api/concurrency_tracker.h"
#include "controller/api/event_queue.h"
#include "controller/executors/executor.h"
#include "controller/functions/code_store.h"
#include "controller/functions/function_registry.h"

namespace lambdex::api {

std::string RandomUuid();  // RFC 4122 version 4, lower-case

struct ApiContext {
  FunctionRegistry& registry;
  CodeStore& code_store;
  Executor& executor;
  std::function<std::string()> new_id = RandomUuid;  // request ids, RevisionIds
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  std::string version = "0.1.0";     // reported by GET /health
  std::string executor_reason{};     // why this executor was chosen, for GET /health
  ConcurrencyTracker concurrency{};  // in-flight invocations, against reservations
  AsyncInvokeOptions async{};        // InvocationType=Event retries and limits
  EventQueues events{};              // InvocationType=Event calls not yet finished
};

}  // namespace lambdex::api
