#include "controller/functions/function_name.h"

#include <vector>

#include "controller/functions/function.h"

namespace lambdex {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::vector<std::string_view> SplitColons(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(':', start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

Error BadReference(std::string_view value) {
  return MakeError(ErrorCode::kInvalidRequest,
                   "1 validation error detected: Value '" + std::string(value) +
                       "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                       "regular expression pattern: "
                       "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:"
                       ")?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
}

}  // namespace

Status ValidateFunctionName(std::string_view name) {
  if (name.empty() || name.size() > 64) return BadReference(name);
  for (char c : name) {
    if (!IsNameChar(c)) return BadReference(name);
  }
  return {};
}

Result<FunctionRef> ParseFunctionRef(std::string_view name_or_arn) {
  const std::vector<std::string_view> parts = SplitColons(name_or_arn);
  std::size_t name_index = 0;
  if (parts.size() >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function") {
    name_index = 6;  // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:Q]
  } else if (parts.size() >= 3 && parts[1] == "function") {
    name_index = 2;  // ACCOUNT:function:NAME[:Q]
  }
  if (parts.size() > name_index + 2) return BadReference(name_or_arn);
  FunctionRef ref;
  ref.name = std::string(parts[name_index]);
  if (parts.size() == name_index + 2) {
    ref.qualifier = std::string(parts[name_index + 1]);
    if (ref.qualifier.empty()) return BadReference(name_or_arn);
  }
  if (!ValidateFunctionName(ref.name).ok()) return BadReference(name_or_arn);
  return ref;
}

std::string FunctionArn(std::string_view name) {
  return std::string("arn:aws:lambda:") + kRegion + ":" + kAccountId +
         ":function:" + std::string(name);
}

}  // namespace lambdex
