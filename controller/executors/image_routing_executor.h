// PackageType=Image functions always run in Docker, whatever the mode: this
// sends them to a Docker executor and everything else to the configured one
// (used when the configured one is local).
#pragma once

#include <memory>

#include "controller/executors/executor.h"

namespace lambdex {

class ImageRoutingExecutor final : public Executor {
 public:
  // `images` may be null when no Docker daemon answers; image functions then
  // get a clear error.
  ImageRoutingExecutor(std::unique_ptr<Executor> primary, std::unique_ptr<Executor> images)
      : primary_(std::move(primary)), images_(std::move(images)) {}

  boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                      InvokeInput input) override {
    if (fn.package_type != "Image") co_return co_await primary_->Invoke(fn, std::move(input));
    if (!images_) {
      co_return MakeError(ErrorCode::kDockerUnavailable,
                          "function " + fn.name +
                              " is a container image and needs Docker, but no "
                              "Docker daemon answered when lambdex started");
    }
    co_return co_await images_->Invoke(fn, std::move(input));
  }

  boost::asio::awaitable<void> Retire(std::string function_name) override {
    co_await primary_->Retire(function_name);
    if (images_) co_await images_->Retire(function_name);
  }

  boost::asio::awaitable<void> Shutdown() override {
    co_await primary_->Shutdown();
    if (images_) co_await images_->Shutdown();
  }

  std::string Name() const override { return primary_->Name(); }

 private:
  std::unique_ptr<Executor> primary_;
  std::unique_ptr<Executor> images_;
};

}  // namespace lambdex
