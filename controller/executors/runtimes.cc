#include "controller/executors/runtimes.h"

namespace lambdex {

Result<RuntimeImage> ImageForRuntime(std::string_view runtime) {
  RuntimeImage r;
  r.bootstrap = {"/var/runtime/bootstrap"};
  if (runtime.substr(0, 7) == "python3") {
    r.image = "lambdex/python:latest";
  } else if (runtime.substr(0, 6) == "nodejs") {
    r.image = "lambdex/nodejs:latest";
  } else if (runtime.substr(0, 8) == "provided" || runtime == "go1.x") {
    r.image = "lambdex/provided:latest";
  } else {
    return MakeError(ErrorCode::kInvalidRequest,
                     "runtime '" + std::string(runtime) + "' has no image "
                     "(available: python3.x, nodejs18.x-22.x, provided, provided.al2, "
                     "provided.al2023, go1.x)");
  }
  return r;
}

RuntimeImage ImageForFunctionImage(const std::string& image_uri, const docker::ImageInfo& info) {
  RuntimeImage r;
  r.image = image_uri;
  r.mount_code = false;
  r.bootstrap = info.entrypoint;
  r.bootstrap.insert(r.bootstrap.end(), info.cmd.begin(), info.cmd.end());
  if (r.bootstrap.empty()) r.bootstrap = {"/var/runtime/bootstrap"};
  if (!info.working_dir.empty()) r.working_dir = info.working_dir;
  if (!info.cmd.empty()) r.handler = info.cmd.front();
  r.image_env = info.env;
  return r;
}

boost::asio::awaitable<Result<RuntimeImage>> ResolveImage(docker::Engine& engine,
                                                          const FunctionConfig& fn) {
  if (fn.package_type != "Image") co_return ImageForRuntime(fn.runtime);
  auto info = co_await engine.InspectImage(fn.image_uri);
  if (!info.ok()) {
    if (info.error().code == ErrorCode::kNotFound) {
      co_return MakeError(ErrorCode::kInvalidRequest,
                          "image " + fn.image_uri + " is not in the local Docker daemon; "
                          "lambdex runs local images only (build or load it first)");
    }
    co_return info.error();
  }
  co_return ImageForFunctionImage(fn.image_uri, *info);
}

}  // namespace lambdex
