// The functions lambdex knows, by name. Every mutation goes through Create,
// Update or Delete, so persistence under a data dir can hook in at those three
// points later. Thread-safe (one mutex); returns copies, never references.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "controller/functions/function.h"
#include "shared/util/result.h"

namespace lambdex {

struct FunctionPage {
  std::vector<FunctionConfig> functions;
  std::string next_marker;  // empty on the last page
};

class FunctionRegistry {
 public:
  static constexpr int kMaxPageSize = 50;  // AWS never returns more per page

  // kConflict ("Function already exist: NAME") if the name is taken.
  Status Create(FunctionConfig fn);

  // `name_or_arn` may be any form ParseFunctionRef accepts; a qualifier other
  // than $LATEST is not found (lambdex keeps no versions).
  Result<FunctionConfig> Get(std::string_view name_or_arn) const;

  // Sorted by name. `marker` is an opaque token from a previous page's
  // next_marker (empty = start); `max_items` <= 0 means kMaxPageSize.
  FunctionPage List(std::string_view marker, int max_items) const;

  // Replaces an existing function (matched by fn.name); kNotFound otherwise.
  Status Update(FunctionConfig fn);

  // Removes and returns the function.
  Result<FunctionConfig> Delete(std::string_view name_or_arn);

 private:
  Result<std::string> Resolve(std::string_view name_or_arn) const;  // mutex_ held

  mutable std::mutex mutex_;
  std::map<std::string, FunctionConfig, std::less<>> functions_;  // GUARDED_BY(mutex_)
};

// The kNotFound error AWS gives, e.g. "Function not found: arn:...:function:NAME".
Error FunctionNotFound(std::string_view name, std::string_view qualifier = {});

}  // namespace lambdex
