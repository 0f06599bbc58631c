#include "controller/api/api_handler.h"

#include "controller/api/errors.h"
#include "controller/api/operations.h"
#include "controller/api/router.h"

namespace lambdex::api {
namespace {

boost::asio::awaitable<HttpResponse> Dispatch(ApiContext& ctx, const ApiRequest& req) {
  switch (req.route.operation) {
    case Operation::kHealth:
      co_return Health(ctx, req);
    case Operation::kCreateFunction:
      co_return CreateFunction(ctx, req);
    case Operation::kListFunctions:
      co_return ListFunctions(ctx, req);
    case Operation::kGetFunction:
      co_return GetFunction(ctx, req);
    case Operation::kGetFunctionConfiguration:
      co_return GetFunctionConfiguration(ctx, req);
    case Operation::kUpdateFunctionConfiguration:
      co_return co_await UpdateFunctionConfiguration(ctx, req);
    case Operation::kUpdateFunctionCode:
      co_return co_await UpdateFunctionCode(ctx, req);
    case Operation::kDeleteFunction:
      co_return co_await DeleteFunction(ctx, req);
    case Operation::kInvoke:
      co_return co_await Invoke(ctx, req);
    case Operation::kPutFunctionConcurrency:
      co_return PutFunctionConcurrency(ctx, req);
    case Operation::kGetFunctionConcurrency:
      co_return GetFunctionConcurrency(ctx, req);
    case Operation::kDeleteFunctionConcurrency:
      co_return DeleteFunctionConcurrency(ctx, req);
    case Operation::kUnknown:
      break;
  }
  co_return ErrorResponse(UnknownOperation(req.http.method_string(), req.http.target()),
                          req.http.version());
}

}  // namespace

boost::asio::awaitable<HttpResponse> HandleApiRequest(ApiContext& ctx, HttpRequest req) {
  const Route route = RouteRequest(req.method_string(), req.target());
  const ApiRequest api_req{req, route, ctx.new_id()};
  HttpResponse res = co_await Dispatch(ctx, api_req);
  res.set("x-amzn-RequestId", api_req.request_id);
  if (res.find(boost::beast::http::field::content_type) == res.end()) {
    res.set(boost::beast::http::field::content_type, "application/json");
  }
  co_return res;
}

}  // namespace lambdex::api
