// An execution environment: one warm runtime (a container, or a host
// process) that serves one invocation at a time; and the Launcher that makes
// them. WarmExecutor pools Environments without knowing what they are.
// Used from the controller's io_context only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "controller/functions/function.h"
#include "lambdex.pb.h"
#include "shared/util/result.h"

namespace lambdex {

class Environment {
 public:
  virtual ~Environment() = default;

  virtual const std::string& id() const = 0;

  // Runs one invocation. `guard` bounds the wait beyond the function's own
  // deadline (which the agent enforces); an Error means the environment is
  // lost and must be destroyed.
  virtual boost::asio::awaitable<Result<link::InvokeResult>> Invoke(
      const link::InvokeRequest& request, std::chrono::milliseconds guard) = 0;

  // Cheap check before reuse: false when the environment died while idle.
  virtual bool Alive() = 0;

  // After a failed Invoke: false when the request provably never reached the
  // runtime (e.g. the container refused the exec), so it may be retried.
  virtual bool Delivered() const { return true; }

  // After a failed Invoke: whether the memory limit killed it.
  virtual boost::asio::awaitable<bool> WasOomKilled() = 0;

  // Stops and removes everything the environment holds. Idempotent.
  virtual boost::asio::awaitable<void> Destroy() = 0;
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  // Starts an environment for `fn`, ready for its first invocation.
  virtual boost::asio::awaitable<Result<std::unique_ptr<Environment>>> Launch(
      const FunctionConfig& fn) = 0;
  // Removes whatever the launcher made outside its environments (e.g. dirs).
  virtual std::string Describe() const = 0;
};

}  // namespace lambdex
