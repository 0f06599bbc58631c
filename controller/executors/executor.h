// Runs invocations of a function somewhere (a warm container, a fresh one, a
// host process). One interface, one result shape, whatever the mode.
// Implementations are used from the controller's io_context only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>

#include "controller/functions/function.h"
#include "shared/util/result.h"

namespace lambdex {

struct InvokeInput {
  std::string request_id;
  std::string payload;
  std::string trace_id;
  std::string client_context;    // JSON text (decoded from X-Amz-Client-Context)
  std::string cognito_identity;  // JSON text
};

struct InvokeOutput {
  std::string payload;         // the response, or the error document
  std::string function_error;  // empty on success, else "Unhandled"
  std::string error_type;      // errorType on failure
  std::string log_tail;        // the invocation's log lines (for LogType=Tail)
  std::uint64_t init_duration_us = 0;
  std::uint64_t run_duration_us = 0;
  std::uint64_t max_memory_kb = 0;
};

class Executor {
 public:
  virtual ~Executor() = default;

  // A function error (the handler raised, timed out, crashed) is a successful
  // Result whose InvokeOutput has function_error set; an Error means the
  // platform failed (no Docker, container could not start, ...).
  virtual boost::asio::awaitable<Result<InvokeOutput>> Invoke(const FunctionConfig& fn,
                                                              InvokeInput input) = 0;

  // Drops every warm environment of `function_name` (after update or delete).
  virtual boost::asio::awaitable<void> Retire(std::string function_name) = 0;

  // Removes everything this executor started. Called once, at shutdown.
  virtual boost::asio::awaitable<void> Shutdown() = 0;

  virtual std::string Name() const = 0;
};

}  // namespace lambdex
