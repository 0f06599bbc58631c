// Functions on disk: one JSON document per function,
// <data_dir>/functions/<name>.json, so they are there again after the
// controller restarts (a crash included). Every write is atomic and durable:
// a temp file is written and fsynced, renamed over the old file, and the
// directory fsynced. Files whose name starts with '.' are temp files of an
// interrupted write and are never read (LoadAll removes them).
// Thread-compatible: FunctionRegistry serialises calls under its mutex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "controller/functions/function.h"
#include "shared/util/result.h"

namespace lambdex {

// FunctionConfig <-> the stored JSON text. Pure. FromJson gives
// kInvalidRequest (with the reason) for text that is not a stored function.
std::string FunctionToJson(const FunctionConfig& fn);
Result<FunctionConfig> FunctionFromJson(std::string_view text);

struct StoredFunctions {
  std::vector<FunctionConfig> functions;  // sorted by name
  std::vector<std::string> skipped;       // "<file>: <reason>", one per unreadable file
};

class FunctionStore {
 public:
  explicit FunctionStore(std::filesystem::path data_dir);

  // kInternal if the disk fails; the previous file (if any) is then intact.
  Status Save(const FunctionConfig& fn);
  // Removing a function that has no file is not an error.
  Status Remove(std::string_view name);
  // Every readable function; a corrupt or mismatched file is reported in
  // `skipped` and left where it is, never fatal.
  StoredFunctions LoadAll();

  std::filesystem::path FileFor(std::string_view name) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;  // <data_dir>/functions
};

// fsync a directory (after a rename or unlink inside it). Best effort.
void SyncDirectory(const std::filesystem::path& dir);

}  // namespace lambdex
