// An invocation's log, the way Lambda writes it to CloudWatch:
//   START RequestId: <id> Version: $LATEST
//   <the function's output lines>
//   END RequestId: <id>
//   REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax
//   Memory Used: 35 MB\tInit Duration: 123.45 ms\t
// (each REPORT field ends with a tab, as AWS's do; Init Duration only after a
// cold start). The same text feeds X-Amz-Log-Result (its last 4 KB, base64),
// the per-function file <data_dir>/logs/<name>.log and the "fn" logger.
#pragma once

#include <spdlog/logger.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "controller/executors/executor.h"
#include "shared/util/result.h"

namespace lambdex::api {

inline constexpr std::size_t kLogResultBytes = 4096;

// Pure. Durations come from run_duration_us / init_duration_us (ms, two
// decimals); Billed Duration is the run rounded up to whole ms (at least 1);
// Max Memory Used is max_memory_kb rounded up to MB.
std::string FormatInvocationLog(std::string_view request_id, std::string_view version,
                                int memory_mb, const InvokeOutput& out);

// The last `max_bytes` of `log`. Pure.
std::string_view LogTail(std::string_view log, std::size_t max_bytes = kLogResultBytes);

// <data_dir>/logs/<name>.log
std::filesystem::path FunctionLogPath(const std::filesystem::path& data_dir,
                                      std::string_view function_name);

// Appends `text` to the function's log file in one O_APPEND write (creating
// the logs dir), so concurrent invocations never interleave mid-line.
Status AppendFunctionLog(const std::filesystem::path& data_dir, std::string_view function_name,
                         std::string_view text);

// The "fn" spdlog logger (created on first use from the default logger's sinks).
std::shared_ptr<spdlog::logger> FunctionLog();

// Writes the invocation's log to the function's file and echoes each line
// at info level on the "fn" logger. Disk errors are logged, not returned.
void RecordInvocationLog(const std::filesystem::path& data_dir, std::string_view function_name,
                         std::string_view text);

}  // namespace lambdex::api
