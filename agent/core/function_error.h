// Builds the FunctionError values the agent reports: from what a runtime posts
// to /invocation/{id}/error or /init/error, and for the faults the agent itself
// detects (exit, timeout, oversize response). Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lambdex.pb.h"

namespace lambdex::agent {

// AWS caps a synchronous response at 6 MB; the Runtime API admits 100 bytes more.
inline constexpr std::size_t kMaxResponseBytes = 6291556;

// Applies the Runtime API rules: errorType from the body's JSON, else the
// Lambda-Runtime-Function-Error-Type header, else "Unhandled". The body is kept
// as posted when it is valid JSON, otherwise wrapped into an error document.
lambdex::link::FunctionError FunctionErrorFromPost(std::string_view body,
                                                   std::string_view header_type);

// A FunctionError whose body is {"errorType":type,"errorMessage":message}.
lambdex::link::FunctionError MakeFunctionError(std::string type, std::string message);

// Runtime.ExitError; `how` is "exit status 3" or "signal: killed".
lambdex::link::FunctionError RuntimeExitError(std::string_view request_id, std::string_view how);

// Runtime.OutOfMemory: the OOM killer ended the runtime at the memory limit.
// AWS keeps the exit's message: "... Runtime exited with error: signal: killed".
lambdex::link::FunctionError OutOfMemoryError(std::string_view request_id, std::string_view how);

// Sandbox.Timedout: "Task timed out after 3.00 seconds".
lambdex::link::FunctionError TimeoutError(std::string_view request_id, std::uint32_t timeout_ms);

// Function.ResponseSizeTooLarge.
lambdex::link::FunctionError ResponseTooLargeError();

}  // namespace lambdex::agent
