#include "agent/runtime_api/handlers.h"

namespace lambdex::agent::runtime_api {

HttpReply NextReply(lambdex::link::InvokeRequest request) {
  HttpReply reply;
  reply.status = 200;
  reply.body = std::move(*request.mutable_payload());
  reply.headers = {
      {"Lambda-Runtime-Aws-Request-Id", request.request_id()},
      {"Lambda-Runtime-Deadline-Ms", std::to_string(request.deadline_unix_ms())},
      {"Lambda-Runtime-Invoked-Function-Arn", request.invoked_function_arn()},
      {"Lambda-Runtime-Trace-Id", request.trace_id()},
  };
  if (!request.client_context().empty()) {
    reply.headers.emplace_back("Lambda-Runtime-Client-Context", request.client_context());
  }
  if (!request.cognito_identity().empty()) {
    reply.headers.emplace_back("Lambda-Runtime-Cognito-Identity", request.cognito_identity());
  }
  return reply;
}

// Long-polls without a timeout: the sandbox may be frozen between invocations.
ApiOutcome HandleNext(InvocationMachine& machine, Micros now) {
  if (auto request = machine.Next(now)) return {NextReply(std::move(*request)), {}};
  return {ParkNext{}, {}};
}

}  // namespace lambdex::agent::runtime_api
