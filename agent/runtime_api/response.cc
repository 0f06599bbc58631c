#include <string>

#include "agent/core/function_error.h"
#include "agent/runtime_api/handlers.h"

namespace lambdex::agent::runtime_api {

ApiOutcome HandleResponse(InvocationMachine& machine, std::string_view request_id, std::string body,
                          Micros now) {
  if (body.size() > kMaxResponseBytes) {
    PostOutcome post = machine.RespondTooLarge(request_id, now);
    if (!post.accepted) return {ErrorReply(400, "InvalidRequestID", "Invalid request ID"), {}};
    return {ErrorReply(413, "RequestEntityTooLarge",
                       "Exceeded maximum allowed payload size (" +
                           std::to_string(kMaxResponseBytes) + " bytes)."),
            std::move(post.effects)};
  }
  PostOutcome post = machine.Respond(request_id, std::move(body), now);
  if (!post.accepted) return {ErrorReply(400, "InvalidRequestID", "Invalid request ID"), {}};
  return {AcceptedReply(), std::move(post.effects)};
}

}  // namespace lambdex::agent::runtime_api
