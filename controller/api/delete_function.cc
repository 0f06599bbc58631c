// DeleteFunction: DELETE /2015-03-31/functions/{name} -> 204; retires the
// function's warm environments, drops its queued events, then removes its
// stored code.
#include "controller/api/code_fields.h"
#include "controller/api/errors.h"
#include "controller/api/operations.h"

namespace lambdex::api {

boost::asio::awaitable<HttpResponse> DeleteFunction(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  std::string ref = req.route.function_name;
  if (auto q = req.route.query.find("Qualifier"); q != req.route.query.end())
    ref += ":" + q->second;
  Result<FunctionConfig> fn = ctx.registry.Delete(ref);
  if (!fn) co_return ErrorResponse(fn.error(), v);
  ctx.events.Drop(fn->name);
  co_await ctx.executor.Retire(fn->name);
  PruneOldCode(ctx.registry, ctx.code_store, fn->name);
  co_return EmptyResponse(204, v);
}

}  // namespace lambdex::api
