// Maps a Runtime API request line to an endpoint. Pure.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace lambdex::agent::runtime_api {

struct NextRoute {};  // GET  /2018-06-01/runtime/invocation/next
struct ResponseRoute {
  std::string request_id;
};  // POST .../invocation/{id}/response
struct ErrorRoute {
  std::string request_id;
};                         // POST .../invocation/{id}/error
struct InitErrorRoute {};  // POST /2018-06-01/runtime/init/error
struct NotFoundRoute {};

using Route = std::variant<NotFoundRoute, NextRoute, ResponseRoute, ErrorRoute, InitErrorRoute>;

Route RouteRequest(std::string_view method, std::string_view target);

}  // namespace lambdex::agent::runtime_api
