#include "agent/process/peak_memory.h"

#include <algorithm>
#include <charconv>

namespace lambdex::agent::process {
namespace {

std::uint64_t LeadingNumber(std::string_view text) {
  const auto start = text.find_first_of("0123456789");
  if (start == std::string_view::npos) return 0;
  std::uint64_t value = 0;
  std::from_chars(text.data() + start, text.data() + text.size(), value);
  return value;
}

}  // namespace

std::uint64_t ParseVmHwmKb(std::string_view proc_status) {
  constexpr std::string_view kKey = "VmHWM:";
  std::size_t pos = 0;
  while (pos < proc_status.size()) {
    std::size_t end = proc_status.find('\n', pos);
    if (end == std::string_view::npos) end = proc_status.size();
    const std::string_view line = proc_status.substr(pos, end - pos);
    if (line.starts_with(kKey)) return LeadingNumber(line.substr(kKey.size()));
    pos = end + 1;
  }
  return 0;
}

std::uint64_t ParseMemoryPeakKb(std::string_view memory_peak) {
  return LeadingNumber(memory_peak) / 1024;
}

std::uint64_t ReadPeakMemoryKb(pid_t pid, const std::string& cgroup_peak_path) {
  const std::uint64_t hwm =
      pid > 0 ? ParseVmHwmKb(ReadSmallFile("/proc/" + std::to_string(pid) + "/status")) : 0;
  return std::max(hwm, ParseMemoryPeakKb(ReadSmallFile(cgroup_peak_path)));
}

}  // namespace lambdex::agent::process

namespace lambdex::agent::process {

PeakMemorySampler::PeakMemorySampler(pid_t pid, const std::string& cgroup_peak_path)
    : status_(pid > 0 ? SmallFile("/proc/" + std::to_string(pid) + "/status") : SmallFile()),
      cgroup_peak_(cgroup_peak_path) {}

std::uint64_t PeakMemorySampler::Sample() const {
  return std::max(ParseVmHwmKb(status_.Read()), ParseMemoryPeakKb(cgroup_peak_.Read()));
}

}  // namespace lambdex::agent::process
