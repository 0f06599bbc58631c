// FunctionConfig <-> the JSON shapes of the Lambda API: the
// FunctionConfiguration document every function operation returns, and the
// configuration fields CreateFunction and UpdateFunctionConfiguration accept.
// Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "controller/functions/function.h"
#include "shared/util/result.h"

namespace lambdex::api {

// AWS's LastModified format: "2026-12-03T16:34:16.000+0000" (UTC).
std::string FormatTimestamp(std::chrono::system_clock::time_point t);

boost::json::object ConfigurationJson(const FunctionConfig& fn);

// A request body that must be a JSON object; kInvalidRequest with a parse
// message otherwise (the caller answers InvalidRequestContentException).
Result<boost::json::object> ParseJsonObject(std::string_view body);

// Applies the fields present in `body` (Runtime, Handler, Role, Description,
// Timeout, MemorySize, Environment) to `fn`, validating each;
// kInvalidRequest with an AWS-like message on the first bad one.
Status ApplyConfiguration(const boost::json::object& body, FunctionConfig& fn);

// Optional string member: nullptr if absent or null, error if not a string.
Result<const boost::json::string*> OptionalString(const boost::json::object& body,
                                                  std::string_view key);

}  // namespace lambdex::api
