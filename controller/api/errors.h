// The one place lambdex errors take AWS's wire shape: an HTTP status, the
// `x-amzn-ErrorType: <Type>` header (botocore and the JS SDK read the code
// from it) and a JSON body {"Type":"User"|"Service","message":"..."}.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "controller/api/http_types.h"
#include "shared/util/result.h"

namespace lambdex::api {

struct ApiError {
  unsigned status = 500;
  std::string type;  // e.g. "ResourceNotFoundException"
  std::string message;
  std::string reason = {};  // TooManyRequestsException's Reason (a ThrottleReason), else empty
};

// The AWS exception for each lambdex ErrorCode (platform failures such as an
// unreachable Docker become ServiceException with the message kept).
ApiError ToApiError(const Error& error);

// Errors with no ErrorCode of their own.
ApiError InvalidRequestContent(std::string message);  // 400, body is not JSON
ApiError RequestTooLarge(std::string message);        // 413
ApiError UnknownOperation(std::string_view method, std::string_view target);  // 404
ApiError PreconditionFailed(std::string message);  // 412, RevisionId mismatch
// 429 TooManyRequestsException "Rate Exceeded." with Reason, e.g.
// "ReservedFunctionConcurrentInvocationLimitExceeded".
ApiError Throttled(std::string reason);

HttpResponse ErrorResponse(const ApiError& error, unsigned http_version = 11);
inline HttpResponse ErrorResponse(const Error& error, unsigned http_version = 11) {
  return ErrorResponse(ToApiError(error), http_version);
}

}  // namespace lambdex::api
