#include "agent/runtime_api/router.h"

namespace lambdex::agent::runtime_api {
namespace {
constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";
}  // namespace

Route RouteRequest(std::string_view method, std::string_view target) {
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (target == kInitError) {
    return method == "POST" ? Route(InitErrorRoute{}) : Route(NotFoundRoute{});
  }
  if (!target.starts_with(kInvocationPrefix)) return NotFoundRoute{};
  std::string_view rest = target.substr(kInvocationPrefix.size());
  if (rest == "next") return method == "GET" ? Route(NextRoute{}) : Route(NotFoundRoute{});
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || method != "POST") return NotFoundRoute{};
  std::string id(rest.substr(0, slash));
  const std::string_view action = rest.substr(slash + 1);
  if (action == "response") return ResponseRoute{std::move(id)};
  if (action == "error") return ErrorRoute{std::move(id)};
  return NotFoundRoute{};
}

}  // namespace lambdex::agent::runtime_api
