#include "controller/api/runtimes.h"

#include <algorithm>
#include <array>

namespace lambdex::api {
namespace {

constexpr std::array<std::string_view, 13> kRuntimes = {
    "python3.8",  "python3.9",  "python3.10", "python3.11",   "python3.12",
    "python3.13", "nodejs18.x", "nodejs20.x", "nodejs22.x",   "provided",
    "provided.al2", "provided.al2023", "go1.x"};

}  // namespace

std::span<const std::string_view> SupportedRuntimes() { return kRuntimes; }

bool IsSupportedRuntime(std::string_view runtime) {
  return std::find(kRuntimes.begin(), kRuntimes.end(), runtime) != kRuntimes.end();
}

std::string SupportedRuntimesText() {
  std::string out;
  for (std::string_view r : kRuntimes) {
    if (!out.empty()) out += ", ";
    out += r;
  }
  return out;
}

}  // namespace lambdex::api
