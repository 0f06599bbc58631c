// The Lambda runtimes the API accepts for PackageType=Zip. The one list; the
// executors map these names to images.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace lambdex::api {

std::span<const std::string_view> SupportedRuntimes();
bool IsSupportedRuntime(std::string_view runtime);
std::string SupportedRuntimesText();  // "python3.8, python3.9, ..."

}  // namespace lambdex::api
