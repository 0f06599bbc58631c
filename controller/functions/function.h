// A function as the controller knows it: the AWS configuration plus where its
// code lives on the host. Plain data; copied freely.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lambdex {

inline constexpr char kAccountId[] = "000000000000";
inline constexpr char kRegion[] = "us-east-1";

struct FunctionConfig {
  std::string name;
  std::string runtime;  // e.g. "python3.11"; empty for PackageType=Image
  std::string handler;  // e.g. "app.handler"
  std::string role;
  std::string description;
  int timeout_s = 3;
  int memory_mb = 128;
  std::map<std::string, std::string> environment;
  std::string package_type = "Zip";  // "Zip" | "Image"
  std::string image_uri;

  // Code on the host: an extracted zip under the data dir, or a hot-reload dir.
  std::string code_dir;
  bool hot_reload = false;
  std::string code_sha256;  // base64 of the zip's SHA-256, as AWS reports it
  std::int64_t code_size = 0;

  std::string last_modified;  // ISO-8601, e.g. 2026-12-03T16:34:16.000+0000
  std::string revision_id;    // changes on every update; warm containers key on it
  std::string version = "$LATEST";

  // PutFunctionConcurrency; unset means the function uses the unreserved pool.
  std::optional<int> reserved_concurrency;

  std::string Arn() const {
    return std::string("arn:aws:lambda:") + kRegion + ":" + kAccountId + ":function:" + name;
  }
};

}  // namespace lambdex
