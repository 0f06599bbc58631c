#include "controller/functions/function_registry.h"

#include <algorithm>

#include "controller/functions/function_name.h"

namespace lambdex {
namespace {

// A bare, valid function name (no ARN, no qualifier): 1-64 of [A-Za-z0-9_-].
bool IsPlainName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Error FunctionNotFound(std::string_view name, std::string_view qualifier) {
  std::string arn = FunctionArn(name);
  if (!qualifier.empty()) arn += ":" + std::string(qualifier);
  return MakeError(ErrorCode::kNotFound, "Function not found: " + arn);
}

LoadReport FunctionRegistry::Load() {
  LoadReport report;
  if (store_ == nullptr) return report;
  StoredFunctions stored = store_->LoadAll();
  report.skipped = std::move(stored.skipped);
  std::lock_guard lock(mutex_);
  functions_.clear();
  for (FunctionConfig& fn : stored.functions) {
    report.loaded.push_back(fn.name);
    if (!fn.hot_reload && !fn.code_dir.empty()) report.code_dirs.push_back(fn.code_dir);
    std::string name = fn.name;
    functions_.emplace(std::move(name), std::make_shared<const FunctionConfig>(std::move(fn)));
  }
  return report;
}

Status FunctionRegistry::Create(FunctionConfig fn) {
  if (Status valid = ValidateFunctionName(fn.name); !valid) return valid.error();
  std::lock_guard lock(mutex_);
  if (functions_.contains(fn.name)) {
    return MakeError(ErrorCode::kConflict, "Function already exist: " + fn.name);
  }
  if (store_ != nullptr) {
    if (Status saved = store_->Save(fn); !saved) return saved.error();
  }
  std::string name = fn.name;
  functions_.emplace(std::move(name), std::make_shared<const FunctionConfig>(std::move(fn)));
  return {};
}

Result<std::string> FunctionRegistry::Resolve(std::string_view name_or_arn) const {
  Result<FunctionRef> ref = ParseFunctionRef(name_or_arn);
  if (!ref) return ref.error();
  if (!ref->qualifier.empty() && ref->qualifier != "$LATEST") {
    return FunctionNotFound(ref->name, ref->qualifier);
  }
  if (!functions_.contains(ref->name)) return FunctionNotFound(ref->name);
  return ref->name;
}

Result<FunctionSnapshot> FunctionRegistry::Get(std::string_view name_or_arn) const {
  // The common case, a plain name that exists: one map lookup, no string built.
  if (IsPlainName(name_or_arn)) {
    std::lock_guard lock(mutex_);
    if (auto it = functions_.find(name_or_arn); it != functions_.end()) return it->second;
  }
  std::lock_guard lock(mutex_);
  Result<std::string> name = Resolve(name_or_arn);
  if (!name) return name.error();
  return functions_.find(*name)->second;
}

FunctionPage FunctionRegistry::List(std::string_view marker, int max_items) const {
  const int limit = max_items <= 0 ? kMaxPageSize : std::min(max_items, kMaxPageSize);
  std::lock_guard lock(mutex_);
  FunctionPage page;
  auto it = marker.empty() ? functions_.begin() : functions_.upper_bound(marker);
  for (; it != functions_.end() && static_cast<int>(page.functions.size()) < limit; ++it) {
    page.functions.push_back(*it->second);
  }
  if (it != functions_.end() && !page.functions.empty()) {
    page.next_marker = page.functions.back().name;
  }
  return page;
}

Status FunctionRegistry::Update(FunctionConfig fn) {
  std::lock_guard lock(mutex_);
  auto it = functions_.find(fn.name);
  if (it == functions_.end()) return FunctionNotFound(fn.name);
  if (store_ != nullptr) {
    if (Status saved = store_->Save(fn); !saved) return saved.error();
  }
  it->second = std::make_shared<const FunctionConfig>(std::move(fn));
  return {};
}

Result<FunctionConfig> FunctionRegistry::Delete(std::string_view name_or_arn) {
  std::lock_guard lock(mutex_);
  Result<std::string> name = Resolve(name_or_arn);
  if (!name) return name.error();
  if (store_ != nullptr) {
    if (Status removed = store_->Remove(*name); !removed) return removed.error();
  }
  auto node = functions_.extract(*name);
  return FunctionConfig(*node.mapped());
}

}  // namespace lambdex
