// The functions lambdex knows, by name. Every mutation goes through Create,
// Update or Delete; with a FunctionStore each one is written through to disk
// (under the mutex, so the files follow the same order as memory) before it
// takes effect, and Load() brings them back after a restart.
// Thread-safe (one mutex). Get hands out immutable snapshots: an Update or
// Delete replaces the registry's pointer, never the object a caller holds, so
// a snapshot stays valid (and unchanged) for as long as the caller keeps it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "controller/functions/function.h"
#include "controller/functions/function_store.h"
#include "shared/util/result.h"

namespace lambdex {

// A function's configuration as it was when looked up; a refcount, not a copy.
using FunctionSnapshot = std::shared_ptr<const FunctionConfig>;

struct FunctionPage {
  std::vector<FunctionConfig> functions;
  std::string next_marker;  // empty on the last page
};

struct LoadReport {
  std::vector<std::string> loaded;     // function names
  std::vector<std::string> skipped;    // "<file>: <reason>"
  std::vector<std::string> code_dirs;  // stored (not hot-reload) code dirs in use
};

class FunctionRegistry {
 public:
  static constexpr int kMaxPageSize = 50;  // AWS never returns more per page

  FunctionRegistry() = default;                                       // in memory only
  explicit FunctionRegistry(FunctionStore* store) : store_(store) {}  // store outlives this

  // Replaces the contents with the store's functions (no-op without a store).
  // Unreadable files are reported and skipped, never fatal.
  LoadReport Load();

  // kConflict ("Function already exist: NAME") if the name is taken. With a
  // store, kInternal if the disk write fails (nothing is changed then); the
  // same holds for Update and Delete.
  Status Create(FunctionConfig fn);

  // `name_or_arn` may be any form ParseFunctionRef accepts; a qualifier other
  // than $LATEST is not found (lambdex keeps no versions). Never null.
  Result<FunctionSnapshot> Get(std::string_view name_or_arn) const;

  // Sorted by name. `marker` is an opaque token from a previous page's
  // next_marker (empty = start); `max_items` <= 0 means kMaxPageSize.
  FunctionPage List(std::string_view marker, int max_items) const;

  // Replaces an existing function (matched by fn.name); kNotFound otherwise.
  Status Update(FunctionConfig fn);

  // Removes and returns the function.
  Result<FunctionConfig> Delete(std::string_view name_or_arn);

 private:
  Result<std::string> Resolve(std::string_view name_or_arn) const;  // mutex_ held

  FunctionStore* store_ = nullptr;
  mutable std::mutex mutex_;
  std::map<std::string, FunctionSnapshot, std::less<>> functions_;  // GUARDED_BY(mutex_)
};

// The kNotFound error AWS gives, e.g. "Function not found: arn:...:function:NAME".
Error FunctionNotFound(std::string_view name, std::string_view qualifier = {});

}  // namespace lambdex
