// Where functions' code lives on the host. A zip is unpacked into
// <data_dir>/code/<name>/<revision>/ (extracted in a temp dir, then renamed
// into place, so a half-written revision is never visible); a hot-reload
// directory is used where it is, nothing copied. Stored revisions are fsynced
// before they become visible, so a function saved after StoreZip finds its
// code after a crash.
// Thread-safe: revisions have unique names and no state is shared.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/result.h"

namespace lambdex {

struct CodeLocation {
  std::string code_dir;
  bool hot_reload = false;
  std::string sha256;  // base64 SHA-256 of the zip (of the path for hot reload)
  std::int64_t size = 0;
};

// S3 buckets that mean "this S3Key is a local directory: mount it, live".
bool IsHotReloadBucket(std::string_view bucket);

class CodeStore {
 public:
  explicit CodeStore(std::filesystem::path data_dir);

  // `zip_bytes` is the decoded ZipFile. kInvalidRequest for a corrupt or
  // unsafe archive, kInternal if the disk fails.
  Result<CodeLocation> StoreZip(std::string_view function_name, std::string_view zip_bytes);

  // `dir` must be an absolute path to an existing directory.
  Result<CodeLocation> UseLocalDir(std::string_view dir) const;

  // Deletes every stored revision of the function except `keep_code_dir`
  // (pass "" to delete all). Hot-reload dirs are never touched.
  void RemoveRevisions(std::string_view function_name, std::string_view keep_code_dir = {});

  // At start-up, after FunctionRegistry::Load(): deletes every revision dir
  // (and leftover temp dir) under <data_dir>/code that is not in `in_use`,
  // and function dirs left empty. Returns the paths removed.
  std::vector<std::string> RemoveOrphans(const std::vector<std::string>& in_use);

  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  std::filesystem::path FunctionDir(std::string_view function_name) const;

  std::filesystem::path data_dir_;
};

}  // namespace lambdex
