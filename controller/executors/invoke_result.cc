#include "controller/executors/invoke_result.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace lambdex {

link::InvokeRequest MakeInvokeRequest(const FunctionConfig& fn, InvokeInput input,
                                      std::int64_t now_unix_ms) {
  link::InvokeRequest req;
  req.set_request_id(std::move(input.request_id));
  req.set_payload(std::move(input.payload));
  req.set_deadline_unix_ms(now_unix_ms + fn.timeout_s * 1000LL);
  req.set_timeout_ms(static_cast<std::uint32_t>(fn.timeout_s) * 1000u);
  req.set_invoked_function_arn(fn.Arn());
  req.set_trace_id(std::move(input.trace_id));
  req.set_client_context(std::move(input.client_context));
  req.set_cognito_identity(std::move(input.cognito_identity));
  return req;
}

InvokeOutput ToInvokeOutput(link::InvokeResult result) {
  InvokeOutput out;
  if (result.has_error()) {
    out.function_error = "Unhandled";
    out.error_type = result.error().type();
    out.payload = std::move(*result.mutable_error()->mutable_body());
    if (out.payload.empty()) out.payload = ErrorDocument(out.error_type, result.error().message());
  } else {
    out.payload = std::move(*result.mutable_response());
  }
  out.log_tail = std::move(*result.mutable_log_tail());
  out.init_duration_us = result.init_duration_us();
  out.run_duration_us = result.run_duration_us();
  out.max_memory_kb = result.max_memory_kb();
  return out;
}

InvokeOutput LostEnvironmentOutput(const std::string& request_id, bool oom_killed,
                                   const Error& cause) {
  InvokeOutput out;
  out.function_error = "Unhandled";
  if (oom_killed) {
    out.error_type = "Runtime.OutOfMemory";
    out.payload =
        ErrorDocument(out.error_type, "RequestId: " + request_id +
                                          " Error: Runtime exited with error: signal: killed");
  } else {
    out.error_type = "Runtime.ExitError";
    out.payload =
        ErrorDocument(out.error_type, "RequestId: " + request_id +
                                          " Error: execution environment lost: " + cause.message);
  }
  return out;
}

std::string ErrorDocument(const std::string& type, const std::string& message) {
  boost::json::object doc;
  doc["errorMessage"] = message;
  doc["errorType"] = type;
  return boost::json::serialize(doc);
}

}  // namespace lambdex
