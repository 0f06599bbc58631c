#include "controller/api/errors.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;

ApiError Make(unsigned status, std::string type, std::string message) {
  return ApiError{status, std::move(type), std::move(message)};
}

}  // namespace

ApiError ToApiError(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return Make(404, "ResourceNotFoundException", error.message);
    case ErrorCode::kInvalidRequest:
      return Make(400, "InvalidParameterValueException", error.message);
    case ErrorCode::kConflict:
      return Make(409, "ResourceConflictException", error.message);
    case ErrorCode::kTooManyRequests:
      return Make(429, "TooManyRequestsException", error.message);
    case ErrorCode::kRequestTooLarge:
      return Make(413, "RequestTooLargeException", error.message);
    case ErrorCode::kTimeout:
      return Make(500, "ServiceException", "lambdex timed out: " + error.message);
    case ErrorCode::kDockerUnavailable:
      return Make(502, "ServiceException", "Docker is unavailable: " + error.message);
    case ErrorCode::kContainerDied:
      return Make(502, "ServiceException", "Function container died: " + error.message);
    case ErrorCode::kProtocol:
      return Make(502, "ServiceException", "Function container misbehaved: " + error.message);
    case ErrorCode::kInternal:
      break;
  }
  return Make(500, "ServiceException", "lambdex internal error: " + error.message);
}

ApiError InvalidRequestContent(std::string message) {
  return Make(400, "InvalidRequestContentException", std::move(message));
}

ApiError RequestTooLarge(std::string message) {
  return Make(413, "RequestTooLargeException", std::move(message));
}

ApiError UnknownOperation(std::string_view method, std::string_view target) {
  return Make(404, "UnknownOperationException",
              "lambdex does not implement " + std::string(method) + " " + std::string(target));
}

ApiError Throttled(std::string reason) {
  ApiError e = Make(429, "TooManyRequestsException", "Rate Exceeded.");
  e.reason = std::move(reason);
  return e;
}

ApiError PreconditionFailed(std::string message) {
  return Make(412, "PreconditionFailedException", std::move(message));
}

HttpResponse ErrorResponse(const ApiError& error, unsigned http_version) {
  HttpResponse res{static_cast<http::status>(error.status), http_version};
  res.set("x-amzn-ErrorType", error.type);
  res.set(http::field::content_type, "application/json");
  boost::json::object body;
  body["Type"] = error.status >= 500 ? "Service" : "User";
  body["message"] = error.message;
  if (!error.reason.empty()) body["Reason"] = error.reason;
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

}  // namespace lambdex::api
