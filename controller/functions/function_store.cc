#include "controller/functions/function_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "controller/functions/function_name.h"

namespace lambdex {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kFormat = 1;  // bump when the layout changes incompatibly

Error Corrupt(std::string why) { return MakeError(ErrorCode::kInvalidRequest, std::move(why)); }
Error Disk(const std::string& what) {
  return MakeError(ErrorCode::kInternal, what + ": " + std::strerror(errno));
}

std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(rng());
}

// Writes all of `data` to `fd`; false (errno set) on failure.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Readers for the stored document: each checks the member's type.
struct Reader {
  const json::object& o;
  std::string error;

  void Str(std::string_view key, std::string& out, bool required = false) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
      if (required && error.empty()) error = "missing " + std::string(key);
      return;
    }
    if (!v->is_string()) {
      if (error.empty()) error = std::string(key) + " is not a string";
      return;
    }
    out = std::string(v->as_string());
  }
  template <typename Int>
  void Number(std::string_view key, Int& out) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return;
    if (!v->is_int64()) {
      if (error.empty()) error = std::string(key) + " is not an integer";
      return;
    }
    out = static_cast<Int>(v->get_int64());
  }
  void Bool(std::string_view key, bool& out) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return;
    if (!v->is_bool()) {
      if (error.empty()) error = std::string(key) + " is not a boolean";
      return;
    }
    out = v->get_bool();
  }
};

}  // namespace

std::string FunctionToJson(const FunctionConfig& fn) {
  json::object env;
  for (const auto& [k, v] : fn.environment) env[k] = v;
  json::object o{{"format", kFormat},
                 {"name", fn.name},
                 {"runtime", fn.runtime},
                 {"handler", fn.handler},
                 {"role", fn.role},
                 {"description", fn.description},
                 {"timeout_s", fn.timeout_s},
                 {"memory_mb", fn.memory_mb},
                 {"environment", std::move(env)},
                 {"package_type", fn.package_type},
                 {"image_uri", fn.image_uri},
                 {"code_dir", fn.code_dir},
                 {"hot_reload", fn.hot_reload},
                 {"code_sha256", fn.code_sha256},
                 {"code_size", fn.code_size},
                 {"last_modified", fn.last_modified},
                 {"revision_id", fn.revision_id},
                 {"version", fn.version}};
  if (fn.reserved_concurrency) o["reserved_concurrency"] = *fn.reserved_concurrency;
  return json::serialize(o) + "\n";
}

Result<FunctionConfig> FunctionFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return Corrupt("not JSON: " + ec.message());
  if (!doc.is_object()) return Corrupt("not a JSON object");
  const json::object& o = doc.as_object();
  const json::value* format = o.if_contains("format");
  if (format == nullptr || !format->is_int64() || format->get_int64() != kFormat) {
    return Corrupt("unknown format (want " + std::to_string(kFormat) + ")");
  }
  FunctionConfig fn;
  Reader r{o, {}};
  r.Str("name", fn.name, true);
  r.Str("runtime", fn.runtime);
  r.Str("handler", fn.handler);
  r.Str("role", fn.role);
  r.Str("description", fn.description);
  r.Number("timeout_s", fn.timeout_s);
  r.Number("memory_mb", fn.memory_mb);
  r.Str("package_type", fn.package_type);
  r.Str("image_uri", fn.image_uri);
  r.Str("code_dir", fn.code_dir);
  r.Bool("hot_reload", fn.hot_reload);
  r.Str("code_sha256", fn.code_sha256);
  r.Number("code_size", fn.code_size);
  r.Str("last_modified", fn.last_modified);
  r.Str("revision_id", fn.revision_id, true);
  r.Str("version", fn.version);
  if (o.contains("reserved_concurrency")) {
    int reserved = 0;
    r.Number("reserved_concurrency", reserved);
    if (reserved < 0 && r.error.empty()) r.error = "reserved_concurrency is negative";
    fn.reserved_concurrency = reserved;
  }
  if (const json::value* env = o.if_contains("environment"); env != nullptr) {
    if (!env->is_object()) return Corrupt("environment is not an object");
    for (const auto& [k, v] : env->as_object()) {
      if (!v.is_string())
        return Corrupt("environment value " + std::string(k) + " is not a string");
      fn.environment[std::string(k)] = std::string(v.as_string());
    }
  }
  if (!r.error.empty()) return Corrupt(r.error);
  if (Status valid = ValidateFunctionName(fn.name); !valid) return Corrupt(valid.error().message);
  if (fn.package_type != "Zip" && fn.package_type != "Image") {
    return Corrupt("bad package_type '" + fn.package_type + "'");
  }
  return fn;
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

FunctionStore::FunctionStore(fs::path data_dir) : dir_(std::move(data_dir) / "functions") {}

fs::path FunctionStore::FileFor(std::string_view name) const {
  return dir_ / (std::string(name) + ".json");
}

Status FunctionStore::Save(const FunctionConfig& fn) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "creating " + dir_.string() + ": " + ec.message());
  const fs::path target = FileFor(fn.name);
  const fs::path temp = dir_ / ("." + fn.name + ".json.tmp-" + RandomSuffix());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Disk("creating " + temp.string());
  const bool written = WriteAll(fd, FunctionToJson(fn)) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written) {
    errno = saved_errno;
    Error e = Disk("writing " + temp.string());
    fs::remove(temp, ec);
    return e;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    Error e = Disk("renaming " + temp.string());
    fs::remove(temp, ec);
    return e;
  }
  SyncDirectory(dir_);
  return {};
}

Status FunctionStore::Remove(std::string_view name) {
  const fs::path target = FileFor(name);
  if (::unlink(target.c_str()) != 0) {
    if (errno == ENOENT) return {};
    return Disk("removing " + target.string());
  }
  SyncDirectory(dir_);
  return {};
}

StoredFunctions FunctionStore::LoadAll() {
  StoredFunctions out;
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return out;
  std::vector<fs::path> temps;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_, ec)) {
    const fs::path& path = entry.path();
    const std::string file = path.filename().string();
    if (file.starts_with(".")) {
      if (file.find(".json.tmp-") != std::string::npos) temps.push_back(path);
      continue;
    }
    if (path.extension() != ".json" || !entry.is_regular_file(ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      out.skipped.push_back(file + ": unreadable");
      continue;
    }
    Result<FunctionConfig> fn = FunctionFromJson(text.str());
    if (!fn) {
      out.skipped.push_back(file + ": " + fn.error().message);
      continue;
    }
    if (fn->name + ".json" != file) {
      out.skipped.push_back(file + ": holds function '" + fn->name + "'");
      continue;
    }
    out.functions.push_back(std::move(*fn));
  }
  for (const fs::path& temp : temps) fs::remove(temp, ec);
  std::sort(out.functions.begin(), out.functions.end(),
            [](const FunctionConfig& a, const FunctionConfig& b) { return a.name < b.name; });
  return out;
}

}  // namespace lambdex
