#include "agent/core/function_error.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>

namespace lambdex::agent {
namespace json = boost::json;

lambdex::link::FunctionError MakeFunctionError(std::string type, std::string message) {
  json::object doc;
  doc["errorMessage"] = message;
  doc["errorType"] = type;
  lambdex::link::FunctionError err;
  err.set_body(json::serialize(doc));
  err.set_type(std::move(type));
  err.set_message(std::move(message));
  return err;
}

lambdex::link::FunctionError FunctionErrorFromPost(std::string_view body,
                                                   std::string_view header_type) {
  std::string type = header_type.empty() ? "Unhandled" : std::string(header_type);
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec) {
    return MakeFunctionError(std::move(type), std::string(body));
  }
  std::string message;
  if (const json::object* obj = doc.if_object()) {
    if (const json::value* t = obj->if_contains("errorType");
        t && t->is_string() && !t->get_string().empty()) {
      type = std::string(t->get_string());
    }
    if (const json::value* m = obj->if_contains("errorMessage"); m && m->is_string()) {
      message = std::string(m->get_string());
    }
  }
  lambdex::link::FunctionError err;
  err.set_type(std::move(type));
  err.set_message(std::move(message));
  err.set_body(std::string(body));
  return err;
}

namespace {

std::string ExitMessage(std::string_view request_id, std::string_view how) {
  return "RequestId: " + std::string(request_id) +
         " Error: Runtime exited with error: " + std::string(how);
}

}  // namespace

lambdex::link::FunctionError RuntimeExitError(std::string_view request_id, std::string_view how) {
  return MakeFunctionError("Runtime.ExitError", ExitMessage(request_id, how));
}

lambdex::link::FunctionError OutOfMemoryError(std::string_view request_id, std::string_view how) {
  return MakeFunctionError("Runtime.OutOfMemory", ExitMessage(request_id, how));
}

lambdex::link::FunctionError TimeoutError(std::string_view request_id, std::uint32_t timeout_ms) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", timeout_ms / 1000.0);
  return MakeFunctionError("Sandbox.Timedout", "RequestId: " + std::string(request_id) +
                                                   " Error: Task timed out after " + seconds +
                                                   " seconds");
}

lambdex::link::FunctionError ResponseTooLargeError() {
  return MakeFunctionError("Function.ResponseSizeTooLarge",
                           "Response payload size exceeded maximum allowed payload size (" +
                               std::to_string(kMaxResponseBytes) + " bytes).");
}

}  // namespace lambdex::agent
