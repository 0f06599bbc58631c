// The Lambda API as one request handler: routes a request to its operation
// and gives every response x-amzn-RequestId and Content-Type. Plug it into
// HttpServer with a lambda capturing the ApiContext.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "controller/api/api_context.h"
#include "controller/api/http_types.h"

namespace lambdex::api {

boost::asio::awaitable<HttpResponse> HandleApiRequest(ApiContext& ctx, HttpRequest req);

}  // namespace lambdex::api
