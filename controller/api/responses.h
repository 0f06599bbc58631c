// Building blocks for operation handlers: the request as handlers see it and
// the success responses. Pure; thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "controller/api/http_types.h"
#include "controller/api/router.h"

namespace lambdex::api {

struct ApiRequest {
  // Mutable so a handler may move the body out (Invoke does: it owns the
  // request by then); everything else is read-only by convention.
  HttpRequest& http;
  const Route& route;
  std::string request_id;  // x-amzn-RequestId, also the invocation's request id
};

HttpResponse JsonResponse(unsigned status, const boost::json::value& body,
                          unsigned http_version = 11);
HttpResponse EmptyResponse(unsigned status, unsigned http_version = 11);

}  // namespace lambdex::api
