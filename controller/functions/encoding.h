// Byte encodings the Lambda API speaks: base64 (ZipFile, X-Amz-Log-Result,
// X-Amz-Client-Context) and the base64 SHA-256 AWS reports as CodeSha256.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lambdex {

std::string Base64Encode(std::string_view bytes);

// Standard alphabet; padding optional; ASCII whitespace ignored (the CLI may
// wrap long blobs). nullopt on any other byte or an impossible length.
std::optional<std::string> Base64Decode(std::string_view text);

// base64(SHA-256(bytes)), e.g. "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" for "".
std::string Sha256Base64(std::string_view bytes);

}  // namespace lambdex
