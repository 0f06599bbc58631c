// CreateFunction: POST /2015-03-31/functions -> 201 FunctionConfiguration.
#include <filesystem>

#include "controller/api/code_fields.h"
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"
#include "controller/functions/function_name.h"

namespace lambdex::api {
namespace {

namespace json = boost::json;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

// Everything but the code, validated.
Result<FunctionConfig> ParseConfig(const json::object& body) {
  FunctionConfig fn;
  Result<const json::string*> name = OptionalString(body, "FunctionName");
  if (!name) return name.error();
  if (*name == nullptr) return Invalid("FunctionName is required");
  Result<FunctionRef> ref = ParseFunctionRef(**name);
  if (!ref) return ref.error();
  if (!ref->qualifier.empty()) return Invalid("FunctionName must not carry a qualifier");
  fn.name = ref->name;

  Result<const json::string*> package = OptionalString(body, "PackageType");
  if (!package) return package.error();
  if (*package != nullptr) fn.package_type = std::string(**package);
  if (fn.package_type != "Zip" && fn.package_type != "Image") {
    return Invalid("Value '" + fn.package_type +
                   "' at 'packageType' failed to satisfy constraint: Member must satisfy enum "
                   "value set: [Image, Zip]");
  }
  if (Status s = ApplyConfiguration(body, fn); !s) return s.error();
  if (fn.package_type == "Zip" && (fn.runtime.empty() || fn.handler.empty())) {
    return Invalid(
        "Runtime and Handler are mandatory parameters for functions created with "
        "deployment packages.");
  }
  return fn;
}

}  // namespace

HttpResponse CreateFunction(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  Result<json::object> body = ParseJsonObject(req.http.body());
  if (!body) return ErrorResponse(InvalidRequestContent(body.error().message), v);
  Result<FunctionConfig> fn = ParseConfig(*body);
  if (!fn) return ErrorResponse(fn.error(), v);
  const json::value* code = body->if_contains("Code");
  if (code == nullptr || !code->is_object()) {
    return ErrorResponse(Invalid("Code is required and must be an object"), v);
  }
  if (ctx.registry.Get(fn->name).ok()) {
    return ErrorResponse(MakeError(ErrorCode::kConflict, "Function already exist: " + fn->name), v);
  }
  if (Status s = ApplyCodeFields(ctx.code_store, code->as_object(), *fn); !s) {
    return ErrorResponse(s.error(), v);
  }
  fn->last_modified = FormatTimestamp(ctx.now());
  fn->revision_id = ctx.new_id();
  if (Status created = ctx.registry.Create(*fn); !created) {
    if (!fn->hot_reload && !fn->code_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(fn->code_dir, ec);
    }
    return ErrorResponse(created.error(), v);
  }
  return JsonResponse(201, ConfigurationJson(*fn), v);
}

}  // namespace lambdex::api
