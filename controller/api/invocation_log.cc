#include "controller/api/invocation_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <spdlog/spdlog.h>

#include "controller/api/log.h"

namespace lambdex::api {
namespace {

// Microseconds as milliseconds with two decimals, rounded: 12345 -> "12.35".
std::string Millis(std::uint64_t us) {
  const unsigned long long hundredths = (us + 5) / 10;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%llu.%02llu", hundredths / 100, hundredths % 100);
  return buf;
}

}  // namespace

std::string FormatInvocationLog(std::string_view request_id, std::string_view version,
                                int memory_mb, const InvokeOutput& out) {
  const std::string id(request_id);
  std::string log = "START RequestId: " + id + " Version: " + std::string(version) + "\n";
  log += out.log_tail;
  if (!out.log_tail.empty() && out.log_tail.back() != '\n') log += '\n';
  log += "END RequestId: " + id + "\n";
  const std::uint64_t billed_ms = std::max<std::uint64_t>(1, (out.run_duration_us + 999) / 1000);
  const std::uint64_t used_mb = (out.max_memory_kb + 1023) / 1024;
  log += "REPORT RequestId: " + id + "\tDuration: " + Millis(out.run_duration_us) +
         " ms\tBilled Duration: " + std::to_string(billed_ms) +
         " ms\tMemory Size: " + std::to_string(memory_mb) +
         " MB\tMax Memory Used: " + std::to_string(used_mb) + " MB\t";
  if (out.init_duration_us > 0) log += "Init Duration: " + Millis(out.init_duration_us) + " ms\t";
  log += "\n";
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
  const std::filesystem::path path = FunctionLogPath(data_dir, function_name);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return MakeError(ErrorCode::kInternal, "creating " + path.parent_path().string());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorCode::kInternal, path.string() + ": " + std::strerror(errno));
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      return MakeError(ErrorCode::kInternal, path.string() + ": " + std::strerror(saved));
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
