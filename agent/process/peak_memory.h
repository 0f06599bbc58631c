// Peak memory of the runtime: VmHWM from /proc/PID/status and cgroup v2
// memory.peak, whichever is larger. Parsers are pure; ReadPeakMemoryKb reads files.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "agent/process/small_file.h"

namespace lambdex::agent::process {

// The VmHWM line of a /proc/PID/status text, in KiB; 0 when absent.
std::uint64_t ParseVmHwmKb(std::string_view proc_status);
// A cgroup v2 memory.peak file (bytes), in KiB; 0 when unparsable.
std::uint64_t ParseMemoryPeakKb(std::string_view memory_peak);

inline constexpr const char* kCgroupPeakPath = "/sys/fs/cgroup/memory.peak";

// Reads both sources for `pid`; 0 when neither is readable.
std::uint64_t ReadPeakMemoryKb(pid_t pid, const std::string& cgroup_peak_path = kCgroupPeakPath);

// Samples one process's peak memory with both files kept open: a sample is
// two pread()s. Construct once per process (after it started).
class PeakMemorySampler {
 public:
  PeakMemorySampler() = default;
  explicit PeakMemorySampler(pid_t pid, const std::string& cgroup_peak_path = kCgroupPeakPath);
  // The larger of VmHWM and the cgroup's peak in KiB; 0 when neither is readable.
  std::uint64_t Sample() const;

 private:
  SmallFile status_, cgroup_peak_;
};

}  // namespace lambdex::agent::process
