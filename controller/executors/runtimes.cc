#include "controller/executors/runtimes.h"

namespace lambdex {

Result<RuntimeImage> ImageForRuntime(std::string_view runtime) {
  if (runtime.substr(0, 7) == "python3") {
    return RuntimeImage{"lambdex/python:latest", "/var/runtime/bootstrap"};
  }
  if (runtime.substr(0, 6) == "nodejs") {
    return RuntimeImage{"lambdex/nodejs:latest", "/var/runtime/bootstrap"};
  }
  if (runtime.substr(0, 8) == "provided" || runtime == "go1.x") {
    return RuntimeImage{"lambdex/provided:latest", "/var/runtime/bootstrap"};
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "runtime '" + std::string(runtime) + "' has no image "
                   "(available: python3.x, nodejs18.x-22.x, provided, provided.al2, "
                   "provided.al2023, go1.x)");
}

}  // namespace lambdex
