// The Lambda runtimes lambdex accepts for PackageType=Zip, with the family
// each belongs to. The one list: the API validates Runtime against it, the
// executors map each name to an image. Pure; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace lambdex {

enum class RuntimeFamily { kPython, kNodejs, kProvided, kGo };

struct RuntimeInfo {
  std::string_view name;  // e.g. "python3.11"
  RuntimeFamily family;
};

std::span<const RuntimeInfo> SupportedRuntimes();
const RuntimeInfo* FindRuntime(std::string_view name);  // nullptr if unsupported
bool IsSupportedRuntime(std::string_view runtime);
std::string SupportedRuntimesText();                       // "python3.8, python3.9, ..."
std::string_view RuntimeFamilyName(RuntimeFamily family);  // "python", "nodejs", ...

}  // namespace lambdex
