// ListFunctions: GET /2015-03-31/functions/?Marker=&MaxItems= -> one page, sorted by name.
#include "controller/api/errors.h"
#include "controller/api/function_json.h"
#include "controller/api/operations.h"

namespace lambdex::api {

namespace json = boost::json;

HttpResponse ListFunctions(ApiContext& ctx, const ApiRequest& req) {
  const auto& query = req.route.query;
  int max_items = 0;
  if (auto it = query.find("MaxItems"); it != query.end()) {
    try {
      max_items = std::stoi(it->second);
    } catch (const std::exception&) {
      max_items = -1;
    }
    if (max_items < 1 || max_items > 10000) {
      return ErrorResponse(MakeError(ErrorCode::kInvalidRequest,
                                     "1 validation error detected: Value '" + it->second +
                                         "' at 'maxItems' failed to satisfy constraint: Member "
                                         "must have value between 1 and 10000"),
                           req.http.version());
    }
  }
  auto marker = query.find("Marker");
  FunctionPage page =
      ctx.registry.List(marker == query.end() ? std::string_view() : marker->second, max_items);
  json::array functions;
  for (const FunctionConfig& fn : page.functions) functions.push_back(ConfigurationJson(fn));
  json::object out{{"Functions", std::move(functions)}};
  if (!page.next_marker.empty()) out["NextMarker"] = page.next_marker;
  return JsonResponse(200, out, req.http.version());
}

}  // namespace lambdex::api
