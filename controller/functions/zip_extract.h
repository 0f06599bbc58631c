// Unpacks a deployment package (zip bytes) into a directory with libarchive.
// Refuses anything that could write outside that directory: absolute paths,
// ".." that climbs out, symlinks or hardlinks that point out. Keeps the
// executable bit. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "shared/util/result.h"

namespace lambdex {

// AWS's limit on a function's unzipped size.
inline constexpr std::uint64_t kMaxUnzippedBytes = 262'144'000;

// `dest` must exist and be empty. On error its contents are unspecified (the
// caller extracts into a temp dir and removes it). Errors are kInvalidRequest
// with AWS's "Could not unzip uploaded file. ..." wording.
Status ExtractZip(std::string_view zip_bytes, const std::filesystem::path& dest,
                  std::uint64_t max_unzipped_bytes = kMaxUnzippedBytes);

}  // namespace lambdex
