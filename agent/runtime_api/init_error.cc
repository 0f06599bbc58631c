#include "agent/core/function_error.h"
#include "agent/runtime_api/handlers.h"

namespace lambdex::agent::runtime_api {

ApiOutcome HandleInitError(InvocationMachine& machine, const HttpRequestView& request, Micros now) {
  Effects fx =
      machine.InitFailed(FunctionErrorFromPost(request.body, request.function_error_type), now);
  return {AcceptedReply(), std::move(fx)};
}

}  // namespace lambdex::agent::runtime_api
