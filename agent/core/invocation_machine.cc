#include "agent/core/invocation_machine.h"

#include <utility>

#include "agent/core/function_error.h"

namespace lambdex::agent {

std::string_view InvocationMachine::current_id() const {
  return current_ ? std::string_view(current_->request.request_id()) : std::string_view();
}

void InvocationMachine::RuntimeStarted(Micros now) {
  running_ = true;
  next_parked_ = false;
  spawned_at_ = now;
  saw_first_next_ = false;
  init_duration_to_report_ = 0;
}

void InvocationMachine::ForgetRuntime() {
  running_ = false;
  next_parked_ = false;
  saw_first_next_ = false;
}

Effects InvocationMachine::RuntimeExited(std::string_view how, Micros now, ExitCause cause) {
  ForgetRuntime();
  Effects fx;
  if (current_) {
    const std::string& id = current_->request.request_id();
    fx.result = Finish(ErrorResult(cause == ExitCause::kOutOfMemory ? OutOfMemoryError(id, how)
                                                                    : RuntimeExitError(id, how)),
                       now, /*restarted=*/true);
  }
  return fx;
}

Result<Effects> InvocationMachine::Submit(lambdex::link::InvokeRequest request, Micros now) {
  if (current_) {
    return MakeError(ErrorCode::kProtocol,
                     "invocation " + current_->request.request_id() + " is still outstanding");
  }
  Effects fx;
  current_ = Current{std::move(request), now, std::nullopt};
  if (pending_init_error_) {
    lambdex::link::FunctionError error = std::move(*pending_init_error_);
    pending_init_error_.reset();
    fx.kill_runtime = running_;
    ForgetRuntime();
    fx.result = Finish(ErrorResult(std::move(error)), now, /*restarted=*/true);
    return fx;
  }
  if (!running_) {
    fx.start_runtime = true;
  } else if (next_parked_) {
    next_parked_ = false;
    current_->delivered = now;
    fx.deliver = TakeForDelivery();
  }
  return fx;
}

Effects InvocationMachine::DeadlineExpired(std::string_view request_id, Micros now) {
  Effects fx;
  if (!current_ || current_->request.request_id() != request_id) return fx;
  fx.kill_runtime = running_;
  ForgetRuntime();
  fx.result = Finish(ErrorResult(TimeoutError(request_id, current_->request.timeout_ms())), now,
                     /*restarted=*/true);
  return fx;
}

Effects InvocationMachine::ControllerLost(Micros now) {
  Effects fx;
  if (!current_) return fx;
  current_.reset();
  fx.kill_runtime = running_;
  fx.start_runtime = true;
  ForgetRuntime();
  return fx;
}

std::optional<lambdex::link::InvokeRequest> InvocationMachine::Next(Micros now) {
  if (running_ && !saw_first_next_) {
    saw_first_next_ = true;
    init_duration_to_report_ =
        static_cast<std::uint64_t>(now > spawned_at_ ? now - spawned_at_ : 1);
  }
  if (current_ && !current_->delivered) {
    current_->delivered = now;
    return TakeForDelivery();
  }
  next_parked_ = true;
  return std::nullopt;
}

// A delivered invocation is never delivered again, so its payload moves to
// the runtime instead of being copied; the machine keeps the rest.
lambdex::link::InvokeRequest InvocationMachine::TakeForDelivery() {
  // The function's timeout runs from delivery, as on AWS: time spent starting
  // or initialising the runtime (every call in docker-exec mode) is not the
  // handler's. The deadline moves back by how long the invocation waited.
  if (current_->delivered && current_->request.deadline_unix_ms() > 0) {
    const Micros waited = *current_->delivered - current_->submitted;
    if (waited > 0) {
      current_->request.set_deadline_unix_ms(current_->request.deadline_unix_ms() + waited / 1000);
    }
  }
  std::string payload = std::move(*current_->request.mutable_payload());
  current_->request.clear_payload();
  lambdex::link::InvokeRequest out = current_->request;
  out.set_payload(std::move(payload));
  return out;
}

std::int64_t InvocationMachine::current_deadline_unix_ms() const {
  return current_ ? current_->request.deadline_unix_ms() : 0;
}

bool InvocationMachine::IsDelivered(std::string_view request_id) const {
  return current_ && current_->delivered && current_->request.request_id() == request_id;
}

PostOutcome InvocationMachine::Respond(std::string_view request_id, std::string body, Micros now) {
  PostOutcome out;
  if (!IsDelivered(request_id)) return out;
  out.accepted = true;
  lambdex::link::InvokeResult result;
  result.set_response(std::move(body));
  out.effects.result = Finish(std::move(result), now, /*restarted=*/false);
  return out;
}

PostOutcome InvocationMachine::RespondTooLarge(std::string_view request_id, Micros now) {
  return Fail(request_id, ResponseTooLargeError(), now);
}

PostOutcome InvocationMachine::Fail(std::string_view request_id, lambdex::link::FunctionError error,
                                    Micros now) {
  PostOutcome out;
  if (!IsDelivered(request_id)) return out;
  out.accepted = true;
  out.effects.result = Finish(ErrorResult(std::move(error)), now, /*restarted=*/false);
  return out;
}

Effects InvocationMachine::InitFailed(lambdex::link::FunctionError error, Micros now) {
  Effects fx;
  if (!current_) {
    pending_init_error_ = std::move(error);
    return fx;
  }
  // AWS resets the sandbox after a failed init: the next call initialises afresh.
  fx.kill_runtime = running_;
  ForgetRuntime();
  fx.result = Finish(ErrorResult(std::move(error)), now, /*restarted=*/true);
  return fx;
}

lambdex::link::InvokeResult InvocationMachine::ErrorResult(
    lambdex::link::FunctionError error) const {
  lambdex::link::InvokeResult result;
  *result.mutable_error() = std::move(error);
  return result;
}

lambdex::link::InvokeResult InvocationMachine::Finish(lambdex::link::InvokeResult result,
                                                      Micros now, bool restarted) {
  const Micros start = current_->delivered.value_or(current_->submitted);
  result.set_request_id(current_->request.request_id());
  result.set_run_duration_us(static_cast<std::uint64_t>(now > start ? now - start : 0));
  result.set_init_duration_us(init_duration_to_report_);
  init_duration_to_report_ = 0;
  result.set_runtime_restarted(restarted);
  current_.reset();
  return result;
}

}  // namespace lambdex::agent
