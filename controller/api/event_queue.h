// InvocationType=Event: the call is accepted at once (202) and runs in the
// background, the way Lambda's asynchronous invocation does:
//  * a function error (or a platform error) is retried twice, after
//    retry_delays[0] and then retry_delays[1] (AWS: ~1 min, ~2 min);
//  * a throttled attempt (reserved concurrency, or an executor at capacity)
//    is not an attempt: it waits with exponential back-off (1 s doubling to
//    5 min) and tries again, until the event is max_event_age old;
//  * each function holds at most max_queued events (queued, waiting or
//    running); beyond that Enqueue refuses (the caller answers 429);
//  * deleting the function drops its events (Drop); an event never runs
//    against a function created again under the same name.
// Each attempt runs the function's current configuration, inside the same
// in-flight accounting as synchronous calls, and writes the invocation log.
// Used from the io_context that runs the API; events hold their state by
// shared_ptr, so the queues may be destroyed before the io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "controller/executors/executor.h"
#include "shared/util/result.h"

namespace lambdex::api {

struct ApiContext;

struct AsyncInvokeOptions {
  std::vector<std::chrono::milliseconds> retry_delays{std::chrono::seconds(60),
                                                      std::chrono::seconds(120)};
  std::size_t max_queued = 1000;  // per function
  std::chrono::milliseconds throttle_backoff_initial{1000};
  std::chrono::milliseconds throttle_backoff_max{std::chrono::minutes(5)};
  std::chrono::milliseconds max_event_age{std::chrono::hours(6)};
};

class EventQueues {
 public:
  EventQueues();

  // Starts the event on `io`; kTooManyRequests when the function's queue is
  // full. `ctx` must outlive the io_context's run.
  Status Enqueue(ApiContext& ctx, boost::asio::any_io_executor io, std::string function_name,
                 InvokeInput input);

  // Discards every event of the function not yet finished (waiting ones at
  // once; one running now finishes its attempt, then is not retried).
  void Drop(std::string_view function_name);

  // Events of the function accepted and not yet finished.
  std::size_t Queued(std::string_view function_name) const;

  struct State;  // internal to event_queue.cc

 private:
  std::shared_ptr<State> state_;
};

}  // namespace lambdex::api
