#include "controller/functions/code_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <system_error>
#include <vector>

#include "controller/functions/encoding.h"
#include "controller/functions/function_store.h"
#include "controller/functions/zip_extract.h"

namespace lambdex {
namespace {

namespace fs = std::filesystem;

std::string NewRevisionName() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = rng();
  std::string out(16, '0');
  for (char& c : out) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return out;
}

// fsyncs every regular file under `root`, then every directory (deepest first).
void SyncTree(const fs::path& root) {
  std::error_code ec;
  std::vector<fs::path> dirs{root};
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_symlink(ec)) continue;
    if (it->is_directory(ec)) {
      dirs.push_back(it->path());
    } else if (it->is_regular_file(ec)) {
      const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
      }
    }
  }
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) SyncDirectory(*d);
}

}  // namespace

bool IsHotReloadBucket(std::string_view bucket) {
  return bucket == "hot-reload" || bucket == "__local__";
}

CodeStore::CodeStore(fs::path data_dir) : data_dir_(std::move(data_dir)) {}

fs::path CodeStore::FunctionDir(std::string_view function_name) const {
  return data_dir_ / "code" / std::string(function_name);
}

Result<CodeLocation> CodeStore::StoreZip(std::string_view function_name,
                                         std::string_view zip_bytes) {
  const std::string revision = NewRevisionName();
  const fs::path parent = FunctionDir(function_name);
  const fs::path temp = parent / (".tmp-" + revision);
  const fs::path final_dir = parent / revision;
  std::error_code ec;
  fs::create_directories(temp, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "creating " + temp.string() + ": " + ec.message());
  if (Status s = ExtractZip(zip_bytes, temp); !s) {
    fs::remove_all(temp, ec);
    return s.error();
  }
  SyncTree(temp);
  fs::rename(temp, final_dir, ec);
  if (ec) {
    fs::remove_all(temp, ec);
    return MakeError(ErrorCode::kInternal, "storing code for " + std::string(function_name));
  }
  SyncDirectory(parent);
  SyncDirectory(parent.parent_path());
  return CodeLocation{final_dir.string(), false, Sha256Base64(zip_bytes),
                      static_cast<std::int64_t>(zip_bytes.size())};
}

Result<CodeLocation> CodeStore::UseLocalDir(std::string_view dir) const {
  const fs::path path(dir);
  std::error_code ec;
  if (!path.is_absolute() || !fs::is_directory(path, ec)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "Hot-reload S3Key must be an absolute path to an existing directory, got '" +
                         std::string(dir) + "'");
  }
  return CodeLocation{path.lexically_normal().string(), true, Sha256Base64(dir), 0};
}

void CodeStore::RemoveRevisions(std::string_view function_name, std::string_view keep_code_dir) {
  const fs::path parent = FunctionDir(function_name);
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) return;
  std::vector<fs::path> doomed;
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, ec)) {
    if (keep_code_dir.empty() || entry.path() != fs::path(keep_code_dir)) {
      doomed.push_back(entry.path());
    }
  }
  for (const fs::path& path : doomed) fs::remove_all(path, ec);
  if (keep_code_dir.empty()) fs::remove(parent, ec);
}

std::vector<std::string> CodeStore::RemoveOrphans(const std::vector<std::string>& in_use) {
  std::vector<std::string> removed;
  const fs::path root = data_dir_ / "code";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return removed;
  std::vector<fs::path> keep;
  for (const std::string& dir : in_use) keep.push_back(fs::path(dir).lexically_normal());
  std::vector<fs::path> function_dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
    function_dirs.push_back(entry.path());
  }
  for (const fs::path& function_dir : function_dirs) {
    if (!fs::is_directory(function_dir, ec)) continue;
    std::vector<fs::path> doomed;
    bool kept_any = false;
    for (const fs::directory_entry& entry : fs::directory_iterator(function_dir, ec)) {
      if (std::find(keep.begin(), keep.end(), entry.path().lexically_normal()) != keep.end()) {
        kept_any = true;
      } else {
        doomed.push_back(entry.path());
      }
    }
    for (const fs::path& path : doomed) {
      fs::remove_all(path, ec);
      removed.push_back(path.string());
    }
    if (!kept_any) fs::remove(function_dir, ec);
  }
  return removed;
}

}  // namespace lambdex
