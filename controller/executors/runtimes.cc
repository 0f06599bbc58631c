#include "controller/executors/runtimes.h"

#include "controller/functions/runtimes.h"

namespace lambdex {

Result<RuntimeImage> ImageForRuntime(std::string_view runtime) {
  const RuntimeInfo* info = FindRuntime(runtime);
  if (info == nullptr) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "runtime '" + std::string(runtime) +
                         "' is not supported (supported: " + SupportedRuntimesText() + ")");
  }
  RuntimeImage r;
  r.bootstrap = {"/var/runtime/bootstrap"};
  switch (info->family) {
    case RuntimeFamily::kPython:
      r.image = "lambdex/python:latest";
      break;
    case RuntimeFamily::kNodejs:
      r.image = "lambdex/nodejs:latest";
      break;
    case RuntimeFamily::kProvided:
    case RuntimeFamily::kGo:
      r.image = "lambdex/provided:latest";
      break;
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
                          "image " + fn.image_uri +
                              " is not in the local Docker daemon; "
                              "lambdex runs local images only (build or load it first)");
    }
    co_return info.error();
  }
  co_return ImageForFunctionImage(fn.image_uri, *info);
}

}  // namespace lambdex
