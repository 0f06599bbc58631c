// GET /health: lambdex's own liveness probe (not an AWS operation).
#include "controller/api/operations.h"

namespace lambdex::api {

namespace json = boost::json;

HttpResponse Health(ApiContext& ctx, const ApiRequest& req) {
  json::object out{{"status", "ok"},
                   {"executor", ctx.executor.Name()},
                   {"executor_reason", ctx.executor_reason},
                   {"version", ctx.version}};
  return JsonResponse(200, out, req.http.version());
}

}  // namespace lambdex::api
