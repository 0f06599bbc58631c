// The agent's invocation state machine: which invocation is current, what a
// GET /next receives, what a late or wrong post gets, and what a runtime exit,
// a deadline or an init error turns into. Pure: no Asio, no clock of its own
// (callers pass monotonic microseconds), no processes. The caller carries out
// the returned Effects (send the result, wake the parked /next, start or kill
// the runtime).
// Thread-compatible: the agent calls it only from its io_context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lambdex.pb.h"
#include "shared/util/result.h"

namespace lambdex::agent {

using Micros = std::int64_t;  // monotonic time, microseconds

// What the caller must do after an event. Several may be set at once; carry
// them out in the order kill, start, deliver, result.
struct Effects {
  // Send to the controller. log_tail and max_memory_kb are left for the caller.
  std::optional<lambdex::link::InvokeResult> result;
  // Answer the parked GET /next with this invocation.
  std::optional<lambdex::link::InvokeRequest> deliver;
  bool kill_runtime = false;   // SIGKILL the runtime's process group (it is forgotten already)
  bool start_runtime = false;  // spawn the runtime, then call RuntimeStarted()
};

// Why the runtime's main process ended: on its own (or killed by someone), or
// by the kernel's OOM killer at the memory limit (Runtime.OutOfMemory).
enum class ExitCause { kExited, kOutOfMemory };

// The outcome of a runtime's POST for an invocation.
struct PostOutcome {
  bool accepted = false;  // false: unknown, wrong or already finished request id
  Effects effects;
};

class InvocationMachine {
 public:
  // --- runtime lifecycle ---
  void RuntimeStarted(Micros now);
  // The runtime's main process ended; `how` is "exit status N" / "signal: killed".
  // The current invocation, if any, fails with Runtime.ExitError, or with
  // Runtime.OutOfMemory when `cause` says the OOM killer ended it.
  Effects RuntimeExited(std::string_view how, Micros now, ExitCause cause = ExitCause::kExited);

  // --- controller side ---
  // A new invocation. kProtocol when one is still outstanding.
  Result<Effects> Submit(lambdex::link::InvokeRequest request, Micros now);
  // The invocation's deadline passed. Ignored unless `request_id` is current.
  Effects DeadlineExpired(std::string_view request_id, Micros now);
  // The controller went away: drop the current invocation, restart the runtime.
  Effects ControllerLost(Micros now);

  // --- Runtime API side ---
  // GET /next: the invocation to deliver now, or nullopt to park the request
  // until Effects::deliver names one.
  std::optional<lambdex::link::InvokeRequest> Next(Micros now);
  PostOutcome Respond(std::string_view request_id, std::string body, Micros now);
  // A response over kMaxResponseBytes: the invocation fails with ResponseSizeTooLarge.
  PostOutcome RespondTooLarge(std::string_view request_id, Micros now);
  PostOutcome Fail(std::string_view request_id, lambdex::link::FunctionError error, Micros now);
  // POST /init/error: answers the current invocation, or the next one to come.
  Effects InitFailed(lambdex::link::FunctionError error, Micros now);

  bool runtime_running() const { return running_; }
  bool next_parked() const { return next_parked_; }
  bool has_current() const { return current_.has_value(); }
  // The current invocation's deadline (moved back at delivery), 0 when none.
  std::int64_t current_deadline_unix_ms() const;
  std::string_view current_id() const;

 private:
  struct Current {
    lambdex::link::InvokeRequest request;
    Micros submitted = 0;
    std::optional<Micros> delivered;
  };

  bool IsDelivered(std::string_view request_id) const;
  // The current request for a GET /next, payload moved out of the machine.
  lambdex::link::InvokeRequest TakeForDelivery();
  // Ends the current invocation with `result` (outcome already set).
  lambdex::link::InvokeResult Finish(lambdex::link::InvokeResult result, Micros now,
                                     bool restarted);
  lambdex::link::InvokeResult ErrorResult(lambdex::link::FunctionError error) const;
  void ForgetRuntime();

  bool running_ = false;
  bool next_parked_ = false;
  Micros spawned_at_ = 0;
  bool saw_first_next_ = false;
  std::uint64_t init_duration_to_report_ = 0;
  std::optional<Current> current_;
  std::optional<lambdex::link::FunctionError> pending_init_error_;
};

}  // namespace lambdex::agent
