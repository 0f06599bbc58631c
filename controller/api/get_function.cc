// GetFunction and GetFunctionConfiguration: GET .../functions/{name}[/configuration].
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"

namespace lambdex::api {
namespace json = boost::json;

Result<FunctionConfig> LookupFunction(ApiContext& ctx, const ApiRequest& req) {
  std::string ref = req.route.function_name;
  if (auto q = req.route.query.find("Qualifier"); q != req.route.query.end()) {
    ref += ":" + q->second;
  }
  return ctx.registry.Get(ref);
}

HttpResponse GetFunctionConfiguration(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionConfig> fn = LookupFunction(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), req.http.version());
  return JsonResponse(200, ConfigurationJson(*fn), req.http.version());
}

HttpResponse GetFunction(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionConfig> fn = LookupFunction(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), req.http.version());
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
