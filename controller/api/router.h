// Maps an HTTP method and request target to a Lambda API operation. Pure:
// no sockets, no Beast; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace lambdex::api {

enum class Operation {
  kUnknown,
  kHealth,
  kCreateFunction,
  kListFunctions,
  kGetFunction,
  kGetFunctionConfiguration,
  kUpdateFunctionConfiguration,
  kUpdateFunctionCode,
  kDeleteFunction,
  kInvoke,
  kPutFunctionConcurrency,
  kGetFunctionConcurrency,
  kDeleteFunctionConcurrency,
};

std::string_view OperationName(Operation op);

struct Route {
  Operation operation = Operation::kUnknown;
  std::string function_name;                 // percent-decoded {FunctionName}, may be an ARN
  std::map<std::string, std::string> query;  // percent-decoded; last value wins
};

// `method` as on the wire ("GET"); `target` is path plus optional "?query".
// A path that is no operation (or a wrong method) gives Operation::kUnknown.
Route RouteRequest(std::string_view method, std::string_view target);

// %XX decoding; '+' becomes ' ' only when `plus_is_space` (query strings).
// Malformed escapes are kept literally.
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

}  // namespace lambdex::api
