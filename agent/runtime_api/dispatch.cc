#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <type_traits>

#include "agent/runtime_api/handlers.h"
#include "agent/runtime_api/router.h"

namespace lambdex::agent::runtime_api {

HttpReply ErrorReply(unsigned status, std::string_view type, std::string_view message) {
  boost::json::object doc;
  doc["errorMessage"] = message;
  doc["errorType"] = type;
  HttpReply reply;
  reply.status = status;
  reply.body = boost::json::serialize(doc);
  return reply;
}

HttpReply AcceptedReply() {
  HttpReply reply;
  reply.status = 202;
  reply.body = R"({"status":"OK"})";
  return reply;
}

ApiOutcome Dispatch(InvocationMachine& machine, const HttpRequestView& request, Micros now) {
  const Route route = RouteRequest(request.method, request.target);
  return std::visit(
      [&](const auto& r) -> ApiOutcome {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, NextRoute>) {
          return HandleNext(machine, now);
        } else if constexpr (std::is_same_v<R, ResponseRoute>) {
          if (request.body_storage != nullptr) {
            return HandleResponse(machine, r.request_id, std::move(*request.body_storage), now);
          }
          return HandleResponse(machine, r.request_id, std::string(request.body), now);
        } else if constexpr (std::is_same_v<R, ErrorRoute>) {
          return HandleError(machine, r.request_id, request, now);
        } else if constexpr (std::is_same_v<R, InitErrorRoute>) {
          return HandleInitError(machine, request, now);
        } else {
          return {ErrorReply(404, "NotFound", "Unknown Runtime API path"), {}};
        }
      },
      route);
}

}  // namespace lambdex::agent::runtime_api
