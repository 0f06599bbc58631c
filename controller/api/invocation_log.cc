#include "controller/api/invocation_log.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "controller/api/log.h"

namespace lambdex::api {
namespace {

// Microseconds as milliseconds with two decimals, rounded: 12345 -> "12.35".
void AppendMillis(std::string& out, std::uint64_t us) {
  const unsigned long long hundredths = (us + 5) / 10;
  char buf[32];
  const int n = std::snprintf(buf, sizeof(buf), "%llu.%02llu", hundredths / 100, hundredths % 100);
  out.append(buf, static_cast<std::size_t>(n));
}

void AppendNumber(std::string& out, std::uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, end);
}

}  // namespace

std::string FormatInvocationLog(std::string_view request_id, std::string_view version,
                                int memory_mb, const InvokeOutput& out) {
  // Appends into one reserved string: this runs on every invocation.
  std::string log;
  log.reserve(256 + 3 * request_id.size() + out.log_tail.size());
  log.append("START RequestId: ").append(request_id).append(" Version: ").append(version);
  log += '\n';
  log += out.log_tail;
  if (!out.log_tail.empty() && out.log_tail.back() != '\n') log += '\n';
  log.append("END RequestId: ").append(request_id).append("\n");
  const std::uint64_t billed_ms = std::max<std::uint64_t>(1, (out.run_duration_us + 999) / 1000);
  const std::uint64_t used_mb = (out.max_memory_kb + 1023) / 1024;
  log.append("REPORT RequestId: ").append(request_id).append("\tDuration: ");
  AppendMillis(log, out.run_duration_us);
  log += " ms\tBilled Duration: ";
  AppendNumber(log, billed_ms);
  log += " ms\tMemory Size: ";
  if (memory_mb < 0) log += '-';
  AppendNumber(log, static_cast<std::uint64_t>(memory_mb < 0 ? -memory_mb : memory_mb));
  log += " MB\tMax Memory Used: ";
  AppendNumber(log, used_mb);
  log += " MB\t";
  if (out.init_duration_us > 0) {
    log += "Init Duration: ";
    AppendMillis(log, out.init_duration_us);
    log += " ms\t";
  }
  log += '\n';
  return log;
}

std::string_view LogTail(std::string_view log, std::size_t max_bytes) {
  return log.size() > max_bytes ? log.substr(log.size() - max_bytes) : log;
}

std::filesystem::path FunctionLogPath(const std::filesystem::path& data_dir,
                                      std::string_view function_name) {
  return data_dir / "logs" / (std::string(function_name) + ".log");
}

Status AppendFunctionLog(const std::filesystem::path& data_dir, std::string_view function_name,
                         std::string_view text) {
  // Built as a plain string and opened first: the logs dir exists after the
  // first call, so the per-invocation cost is one open, not a path split plus
  // a stat of every parent directory.
  std::string path = data_dir.native();
  if (!path.empty() && path.back() != '/') path += '/';
  path.append("logs/").append(function_name).append(".log");
  constexpr int kFlags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
  int fd = ::open(path.c_str(), kFlags, 0644);
  if (fd < 0 && errno == ENOENT) {
    const std::filesystem::path dir = data_dir / "logs";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "creating " + dir.string());
    fd = ::open(path.c_str(), kFlags, 0644);
  }
  if (fd < 0) return MakeError(ErrorCode::kInternal, path + ": " + std::strerror(errno));
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      return MakeError(ErrorCode::kInternal, path + ": " + std::strerror(saved));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
  return {};
}

std::shared_ptr<spdlog::logger> FunctionLog() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto existing = spdlog::get("fn")) return existing;
  auto logger = spdlog::default_logger()->clone("fn");
  spdlog::register_logger(logger);
  return logger;
}

void RecordInvocationLog(const std::filesystem::path& data_dir, std::string_view function_name,
                         std::string_view text) {
  if (Status s = AppendFunctionLog(data_dir, function_name, text); !s) {
    ApiLog()->warn("cannot write function log fn={}: {}", function_name, s.error().message);
  }
  auto log = FunctionLog();
  if (!log->should_log(spdlog::level::info)) return;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    while (!line.empty() && line.back() == '\t') line.remove_suffix(1);
    log->info("{} | {}", function_name, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

}  // namespace lambdex::api
