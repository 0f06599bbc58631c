// GetFunction and GetFunctionConfiguration: GET .../functions/{name}[/configuration].
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"

namespace lambdex::api {
namespace json = boost::json;

Result<FunctionSnapshot> LookupFunction(ApiContext& ctx, const ApiRequest& req) {
  auto q = req.route.query.find("Qualifier");
  if (q == req.route.query.end()) return ctx.registry.Get(req.route.function_name);
  return ctx.registry.Get(req.route.function_name + ":" + q->second);
}

Result<FunctionConfig> LookupFunctionCopy(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionSnapshot> fn = LookupFunction(ctx, req);
  if (!fn) return fn.error();
  return FunctionConfig(**fn);
}

HttpResponse GetFunctionConfiguration(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionSnapshot> fn = LookupFunction(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), req.http.version());
  return JsonResponse(200, ConfigurationJson(**fn), req.http.version());
}

HttpResponse GetFunction(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionSnapshot> snapshot = LookupFunction(ctx, req);
  if (!snapshot) return ErrorResponse(snapshot.error(), req.http.version());
  const FunctionConfig* fn = snapshot->get();
  json::object code;
  if (fn->package_type == "Image") {
    code["RepositoryType"] = "ECR";
    code["ImageUri"] = fn->image_uri;
    code["ResolvedImageUri"] = fn->image_uri;
  } else {
    // There is no S3 here: point at the code on this host.
    code["RepositoryType"] = "S3";
    code["Location"] = "file://" + fn->code_dir;
  }
  json::object out{{"Configuration", ConfigurationJson(*fn)}, {"Code", std::move(code)}};
  if (fn->reserved_concurrency) {
    out["Concurrency"] = json::object{{"ReservedConcurrentExecutions", *fn->reserved_concurrency}};
  }
  return JsonResponse(200, out, req.http.version());
}

}  // namespace lambdex::api
