#include "agent/core/function_error.h"
#include "agent/runtime_api/handlers.h"

namespace lambdex::agent::runtime_api {

ApiOutcome HandleError(InvocationMachine& machine, std::string_view request_id,
                       const HttpRequestView& request, Micros now) {
  PostOutcome post = machine.Fail(
      request_id, FunctionErrorFromPost(request.body, request.function_error_type), now);
  if (!post.accepted) return {ErrorReply(400, "InvalidRequestID", "Invalid request ID"), {}};
  return {AcceptedReply(), std::move(post.effects)};
}

}  // namespace lambdex::agent::runtime_api
