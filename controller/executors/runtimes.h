// Which image and bootstrap serve a function: a managed runtime name maps to
// one of lambdex's images; a PackageType=Image function brings its own image,
// whose entrypoint and command the agent starts.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "controller/docker/engine.h"
#include "controller/functions/function.h"
#include "shared/util/result.h"

namespace lambdex {

struct RuntimeImage {
  std::string image;                   // local Docker image
  std::vector<std::string> bootstrap;  // what the agent starts inside the container
  bool mount_code = true;              // zip functions get their code at /var/task
  std::string working_dir = "/var/task";
  std::string handler;                 // overrides the function's Handler when set
  std::vector<std::string> image_env;  // the image's own environment ("K=V")
};

// Image for a managed runtime name; kInvalidRequest naming the supported ones otherwise.
Result<RuntimeImage> ImageForRuntime(std::string_view runtime);

// A function image's entrypoint + command become the bootstrap; the handler
// is the command's first word, as AWS's base images take it.
RuntimeImage ImageForFunctionImage(const std::string& image_uri, const docker::ImageInfo& info);

// Either of the above for `fn`, inspecting the image through `engine` when
// the function is PackageType=Image.
boost::asio::awaitable<Result<RuntimeImage>> ResolveImage(docker::Engine& engine,
                                                          const FunctionConfig& fn);

}  // namespace lambdex
