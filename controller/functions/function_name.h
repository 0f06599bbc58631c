// Function names and the ways a client may refer to one: a bare name, a full
// ARN (arn:aws:lambda:us-east-1:000000000000:function:NAME) or a partial ARN
// (000000000000:function:NAME), each optionally followed by ":QUALIFIER".
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "shared/util/result.h"

namespace lambdex {

struct FunctionRef {
  std::string name;
  std::string qualifier;  // empty, "$LATEST", or something we do not have
};

// kInvalidRequest unless `name` is 1-64 chars of [a-zA-Z0-9-_].
Status ValidateFunctionName(std::string_view name);

// Splits any accepted form into name and qualifier; kInvalidRequest if it is
// none of them. Region and account in an ARN are not checked: lambdex has one.
Result<FunctionRef> ParseFunctionRef(std::string_view name_or_arn);

// "arn:aws:lambda:us-east-1:000000000000:function:NAME".
std::string FunctionArn(std::string_view name);

}  // namespace lambdex
