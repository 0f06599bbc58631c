#include "controller/api/router.h"

#include <vector>

namespace lambdex::api {
namespace {

constexpr std::string_view kApiVersion = "2015-03-31";
// Reserved concurrency lives under other API dates (botocore's service-2.json).
constexpr std::string_view kConcurrencyWriteVersion = "2017-10-31";
constexpr std::string_view kConcurrencyReadVersion = "2019-09-30";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits "/a/b/" into {"a","b"}: one trailing slash is tolerated, segments are
// decoded after splitting so an encoded '/' stays inside its segment.
std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> segments;
  segments.reserve(4);  // the longest API path has four
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    segments.push_back(PercentDecode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
    if (path.empty()) segments.emplace_back();  // "a//" keeps an empty segment
  }
  return segments;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      std::string key = PercentDecode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
      params[std::move(key)] = std::move(value);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

Operation FunctionOperation(std::string_view method, std::string_view sub) {
  if (sub.empty()) {
    if (method == "GET") return Operation::kGetFunction;
    if (method == "DELETE") return Operation::kDeleteFunction;
  } else if (sub == "configuration") {
    if (method == "GET") return Operation::kGetFunctionConfiguration;
    if (method == "PUT") return Operation::kUpdateFunctionConfiguration;
  } else if (sub == "code") {
    if (method == "PUT") return Operation::kUpdateFunctionCode;
  } else if (sub == "invocations") {
    if (method == "POST") return Operation::kInvoke;
  }
  return Operation::kUnknown;
}

}  // namespace

std::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kUnknown:
      return "Unknown";
    case Operation::kHealth:
      return "Health";
    case Operation::kCreateFunction:
      return "CreateFunction";
    case Operation::kListFunctions:
      return "ListFunctions";
    case Operation::kGetFunction:
      return "GetFunction";
    case Operation::kGetFunctionConfiguration:
      return "GetFunctionConfiguration";
    case Operation::kUpdateFunctionConfiguration:
      return "UpdateFunctionConfiguration";
    case Operation::kUpdateFunctionCode:
      return "UpdateFunctionCode";
    case Operation::kDeleteFunction:
      return "DeleteFunction";
    case Operation::kInvoke:
      return "Invoke";
    case Operation::kPutFunctionConcurrency:
      return "PutFunctionConcurrency";
    case Operation::kGetFunctionConcurrency:
      return "GetFunctionConcurrency";
    case Operation::kDeleteFunctionConcurrency:
      return "DeleteFunctionConcurrency";
  }
  return "Unknown";
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  // Nearly every segment has nothing to decode: copy it whole.
  if (text.find('%') == std::string_view::npos &&
      (!plus_is_space || text.find('+') == std::string_view::npos)) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Route RouteRequest(std::string_view method, std::string_view target) {
  Route route;
  const std::size_t question = target.find('?');
  if (question != std::string_view::npos) route.query = ParseQuery(target.substr(question + 1));
  const std::vector<std::string> segments = PathSegments(target.substr(0, question));

  if (segments.size() == 1 && segments[0] == "health" && method == "GET") {
    route.operation = Operation::kHealth;
    return route;
  }
  if (segments.size() == 4 && segments[1] == "functions" && !segments[2].empty() &&
      segments[3] == "concurrency") {
    if (method == "PUT" && segments[0] == kConcurrencyWriteVersion) {
      route.operation = Operation::kPutFunctionConcurrency;
    } else if (method == "DELETE" && segments[0] == kConcurrencyWriteVersion) {
      route.operation = Operation::kDeleteFunctionConcurrency;
    } else if (method == "GET" && segments[0] == kConcurrencyReadVersion) {
      route.operation = Operation::kGetFunctionConcurrency;
    }
    if (route.operation != Operation::kUnknown) route.function_name = segments[2];
    return route;
  }
  if (segments.size() < 2 || segments[0] != kApiVersion || segments[1] != "functions") {
    return route;
  }
  if (segments.size() == 2) {
    if (method == "POST") route.operation = Operation::kCreateFunction;
    if (method == "GET") route.operation = Operation::kListFunctions;
    return route;
  }
  if (segments.size() > 4 || segments[2].empty()) return route;
  route.operation = FunctionOperation(method, segments.size() == 4 ? segments[3] : "");
  if (segments.size() == 4 && segments[3].empty()) route.operation = Operation::kUnknown;
  if (route.operation != Operation::kUnknown) route.function_name = segments[2];
  return route;
}

}  // namespace lambdex::api
