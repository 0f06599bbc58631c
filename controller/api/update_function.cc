// UpdateFunctionConfiguration (PUT .../{name}/configuration) and
// UpdateFunctionCode (PUT .../{name}/code): 200 with the new configuration.
// Both give the function a new RevisionId and retire its warm environments.
#include <filesystem>

#include "controller/api/code_fields.h"
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"

namespace lambdex::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// A RevisionId in the body must match the function's current one.
bool RevisionMatches(const json::object& body, const FunctionConfig& fn) {
  const json::value* rev = body.if_contains("RevisionId");
  return rev == nullptr || rev->is_null() ||
         (rev->is_string() && rev->as_string() == fn.revision_id);
}

ApiError StaleRevision() {
  return PreconditionFailed(
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/"
      "GetAlias API to retrieve the latest Revision Id");
}

}  // namespace

asio::awaitable<HttpResponse> UpdateFunctionConfiguration(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  Result<json::object> body = ParseJsonObject(req.http.body());
  if (!body) co_return ErrorResponse(InvalidRequestContent(body.error().message), v);
  Result<FunctionConfig> fn = LookupFunctionCopy(ctx, req);
  if (!fn) co_return ErrorResponse(fn.error(), v);
  if (!RevisionMatches(*body, *fn)) co_return ErrorResponse(StaleRevision(), v);
  if (Status s = ApplyConfiguration(*body, *fn); !s) co_return ErrorResponse(s.error(), v);
  fn->last_modified = FormatTimestamp(ctx.now());
  fn->revision_id = ctx.new_id();
  if (Status s = ctx.registry.Update(*fn); !s) co_return ErrorResponse(s.error(), v);
  co_await ctx.executor.Retire(fn->name);
  co_return JsonResponse(200, ConfigurationJson(*fn), v);
}

asio::awaitable<HttpResponse> UpdateFunctionCode(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  Result<json::object> body = ParseJsonObject(req.http.body());
  if (!body) co_return ErrorResponse(InvalidRequestContent(body.error().message), v);
  Result<FunctionConfig> fn = LookupFunctionCopy(ctx, req);
  if (!fn) co_return ErrorResponse(fn.error(), v);
  if (!RevisionMatches(*body, *fn)) co_return ErrorResponse(StaleRevision(), v);
  if (Status s = ApplyCodeFields(ctx.code_store, *body, *fn); !s) {
    co_return ErrorResponse(s.error(), v);
  }
  fn->last_modified = FormatTimestamp(ctx.now());
  fn->revision_id = ctx.new_id();
  if (Status s = ctx.registry.Update(*fn); !s) {
    std::error_code ec;
    if (!fn->hot_reload && !fn->code_dir.empty()) std::filesystem::remove_all(fn->code_dir, ec);
    co_return ErrorResponse(s.error(), v);
  }
  co_await ctx.executor.Retire(fn->name);
  PruneOldCode(ctx.registry, ctx.code_store, fn->name);
  co_return JsonResponse(200, ConfigurationJson(*fn), v);
}

}  // namespace lambdex::api
