#include "controller/executors/runtimes.h"

namespace lambdex {

Result<RuntimeImage> ImageForRuntime(std::string_view runtime) {
  if (runtime.substr(0, 7) == "python3") {
    return RuntimeImage{"lambdex/python:latest", "/var/runtime/bootstrap"};
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "runtime '" + std::string(runtime) + "' has no image in this lambdex yet "
                   "(available: python3.x)");
}

}  // namespace lambdex
