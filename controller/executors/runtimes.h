// Which image and bootstrap serve a Lambda runtime name. The one list of
// runtimes lambdex knows, so the API's validation and the executors agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shared/util/result.h"

namespace lambdex {

struct RuntimeImage {
  std::string image;      // local Docker image
  std::string bootstrap;  // what the agent starts inside the container
};

// Image for a runtime name; kInvalidRequest naming the supported ones otherwise.
Result<RuntimeImage> ImageForRuntime(std::string_view runtime);

}  // namespace lambdex
