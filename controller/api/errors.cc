#include "controller/api/errors.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;

// Error messages echo what the client sent (names, paths); JSON wants UTF-8,
// so invalid sequences become U+FFFD instead of breaking the document.
std::string ValidUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool ok = len > 0 && i + len <= n && !(len == 2 && c < 0xC2) && !(len == 4 && c > 0xF4);
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      const unsigned cp = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6);
      ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (ok && len == 4) {
      const unsigned cp = ((c & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12);
      ok = cp >= 0x10000 && cp <= 0x10FFFF;
    }
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

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
  body["message"] = ValidUtf8(error.message);
  if (!error.reason.empty()) body["Reason"] = error.reason;
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

}  // namespace lambdex::api
