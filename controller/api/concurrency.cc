// Reserved concurrency (AWS's request URIs, from botocore's service-2.json):
//   PutFunctionConcurrency    PUT    /2017-10-31/functions/{name}/concurrency -> 200
//   GetFunctionConcurrency    GET    /2019-09-30/functions/{name}/concurrency -> 200
//   DeleteFunctionConcurrency DELETE /2017-10-31/functions/{name}/concurrency -> 204
// The reservation is part of the stored function; Invoke enforces it.
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"

namespace lambdex::api {
namespace {

namespace json = boost::json;

// AWS's default account concurrency, of which 100 always stay unreserved.
constexpr std::int64_t kAccountConcurrency = 1000;
constexpr std::int64_t kMinUnreserved = 100;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

std::int64_t ReservedByOthers(FunctionRegistry& registry, const std::string& name) {
  std::int64_t total = 0;
  std::string marker;
  do {
    FunctionPage page = registry.List(marker, FunctionRegistry::kMaxPageSize);
    for (const FunctionConfig& fn : page.functions) {
      if (fn.name != name && fn.reserved_concurrency) total += *fn.reserved_concurrency;
    }
    marker = page.next_marker;
  } while (!marker.empty());
  return total;
}

Result<int> ParseReservation(const ApiRequest& req) {
  Result<json::object> body = ParseJsonObject(req.http.body());
  if (!body) return body.error();
  const json::value* v = body->if_contains("ReservedConcurrentExecutions");
  if (v == nullptr || v->is_null()) {
    return Invalid("ReservedConcurrentExecutions is required");
  }
  if (!v->is_int64()) return Invalid("ReservedConcurrentExecutions must be an integer");
  const std::int64_t n = v->get_int64();
  if (n < 0) {
    return Invalid("1 validation error detected: Value '" + std::to_string(n) +
                   "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member "
                   "must have value greater than or equal to 0");
  }
  if (n > kAccountConcurrency) {
    return Invalid(
        "Specified ReservedConcurrentExecutions for function decreases account's "
        "UnreservedConcurrentExecution below its minimum value of [" +
        std::to_string(kMinUnreserved) + "].");
  }
  return static_cast<int>(n);
}

json::object ConcurrencyJson(const FunctionConfig& fn) {
  json::object out;
  if (fn.reserved_concurrency) out["ReservedConcurrentExecutions"] = *fn.reserved_concurrency;
  return out;
}

}  // namespace

HttpResponse PutFunctionConcurrency(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  if (Result<json::object> body = ParseJsonObject(req.http.body()); !body) {
    return ErrorResponse(InvalidRequestContent(body.error().message), v);
  }
  Result<FunctionConfig> fn = LookupFunctionCopy(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), v);
  Result<int> reserved = ParseReservation(req);
  if (!reserved) return ErrorResponse(reserved.error(), v);
  if (kAccountConcurrency - ReservedByOthers(ctx.registry, fn->name) - *reserved < kMinUnreserved) {
    return ErrorResponse(Invalid("Specified ReservedConcurrentExecutions for function decreases "
                                 "account's UnreservedConcurrentExecution below its minimum "
                                 "value of [" +
                                 std::to_string(kMinUnreserved) + "]."),
                         v);
  }
  // Not a code or configuration change: RevisionId and LastModified stay.
  fn->reserved_concurrency = *reserved;
  if (Status s = ctx.registry.Update(*fn); !s) return ErrorResponse(s.error(), v);
  return JsonResponse(200, ConcurrencyJson(*fn), v);
}

HttpResponse GetFunctionConcurrency(ApiContext& ctx, const ApiRequest& req) {
  Result<FunctionSnapshot> fn = LookupFunction(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), req.http.version());
  return JsonResponse(200, ConcurrencyJson(**fn), req.http.version());
}

HttpResponse DeleteFunctionConcurrency(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  Result<FunctionConfig> fn = LookupFunctionCopy(ctx, req);
  if (!fn) return ErrorResponse(fn.error(), v);
  if (fn->reserved_concurrency) {
    fn->reserved_concurrency.reset();
    if (Status s = ctx.registry.Update(*fn); !s) return ErrorResponse(s.error(), v);
  }
  return EmptyResponse(204, v);
}

}  // namespace lambdex::api
