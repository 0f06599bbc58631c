#include "controller/functions/runtimes.h"

#include <array>

namespace lambdex {
namespace {

using enum RuntimeFamily;

constexpr std::array<RuntimeInfo, 13> kRuntimes = {{
    {"python3.8", kPython},
    {"python3.9", kPython},
    {"python3.10", kPython},
    {"python3.11", kPython},
    {"python3.12", kPython},
    {"python3.13", kPython},
    {"nodejs18.x", kNodejs},
    {"nodejs20.x", kNodejs},
    {"nodejs22.x", kNodejs},
    {"provided", kProvided},
    {"provided.al2", kProvided},
    {"provided.al2023", kProvided},
    {"go1.x", kGo},
}};

}  // namespace

std::span<const RuntimeInfo> SupportedRuntimes() { return kRuntimes; }

const RuntimeInfo* FindRuntime(std::string_view name) {
  for (const RuntimeInfo& r : kRuntimes) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool IsSupportedRuntime(std::string_view runtime) { return FindRuntime(runtime) != nullptr; }

std::string SupportedRuntimesText() {
  std::string out;
  for (const RuntimeInfo& r : kRuntimes) {
    if (!out.empty()) out += ", ";
    out += r.name;
  }
  return out;
}

std::string_view RuntimeFamilyName(RuntimeFamily family) {
  switch (family) {
    case kPython:
      return "python";
    case kNodejs:
      return "nodejs";
    case kProvided:
      return "provided";
    case kGo:
      return "go";
  }
  return "unknown";
}

}  // namespace lambdex
