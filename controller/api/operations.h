// One handler per Lambda API operation. Each turns an ApiRequest into the
// complete response (errors included, via errors.h); the dispatcher adds the
// headers every response carries. Call from the io_context running ctx.executor.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "controller/api/api_context.h"
#include "controller/api/http_types.h"
#include "controller/api/responses.h"

namespace lambdex::api {

// The function named in the path (any ARN form) with the optional ?Qualifier=.
Result<FunctionSnapshot> LookupFunction(ApiContext& ctx, const ApiRequest& req);
// The same as a copy, for handlers that edit it and pass it to registry.Update.
Result<FunctionConfig> LookupFunctionCopy(ApiContext& ctx, const ApiRequest& req);

HttpResponse CreateFunction(ApiContext& ctx, const ApiRequest& req);
HttpResponse GetFunction(ApiContext& ctx, const ApiRequest& req);
HttpResponse GetFunctionConfiguration(ApiContext& ctx, const ApiRequest& req);
HttpResponse ListFunctions(ApiContext& ctx, const ApiRequest& req);
HttpResponse Health(ApiContext& ctx, const ApiRequest& req);
boost::asio::awaitable<HttpResponse> UpdateFunctionConfiguration(ApiContext& ctx,
                                                                 const ApiRequest& req);
boost::asio::awaitable<HttpResponse> UpdateFunctionCode(ApiContext& ctx, const ApiRequest& req);
boost::asio::awaitable<HttpResponse> DeleteFunction(ApiContext& ctx, const ApiRequest& req);
boost::asio::awaitable<HttpResponse> Invoke(ApiContext& ctx, const ApiRequest& req);
HttpResponse PutFunctionConcurrency(ApiContext& ctx, const ApiRequest& req);
HttpResponse GetFunctionConcurrency(ApiContext& ctx, const ApiRequest& req);
HttpResponse DeleteFunctionConcurrency(ApiContext& ctx, const ApiRequest& req);

}  // namespace lambdex::api
