#include "agent/process/oom_kills.h"

#include <sys/wait.h>

#include <charconv>
#include <csignal>

#include "agent/process/small_file.h"

namespace lambdex::agent::process {
std::uint64_t ParseOomKillCount(std::string_view memory_events) {
  constexpr std::string_view kKey = "oom_kill ";
  std::size_t pos = 0;
  while (pos < memory_events.size()) {
    std::size_t end = memory_events.find('\n', pos);
    if (end == std::string_view::npos) end = memory_events.size();
    const std::string_view line = memory_events.substr(pos, end - pos);
    if (line.starts_with(kKey)) {
      std::uint64_t value = 0;
      const std::string_view number = line.substr(kKey.size());
      auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
      return ec == std::errc() ? value : 0;
    }
    pos = end + 1;
  }
  return 0;
}

std::string MemoryEventsPath(std::string_view proc_self_cgroup, std::string_view cgroup_root) {
  // cgroup v2 has one line, "0::<path>"; v1 lines name controllers instead.
  std::string_view path = "/";
  std::size_t pos = 0;
  while (pos < proc_self_cgroup.size()) {
    std::size_t end = proc_self_cgroup.find('\n', pos);
    if (end == std::string_view::npos) end = proc_self_cgroup.size();
    const std::string_view line = proc_self_cgroup.substr(pos, end - pos);
    if (line.starts_with("0::/") && line.find("..") == std::string_view::npos) {
      path = line.substr(3);
      break;
    }
    pos = end + 1;
  }
  std::string out(cgroup_root);
  if (path != "/") out += path;
  return out + "/memory.events";
}

bool DiedOutOfMemory(int wait_status, std::uint64_t oom_kills_at_start,
                     std::uint64_t oom_kills_at_exit) {
  return WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL &&
         oom_kills_at_exit > oom_kills_at_start;
}

std::uint64_t ReadOomKillCount() {
  static const std::string v2_path = MemoryEventsPath(ReadSmallFile("/proc/self/cgroup"));
  // Both files are never empty when they exist, so empty means "not here".
  std::string text = ReadSmallFile(v2_path);
  if (text.empty()) text = ReadSmallFile("/sys/fs/cgroup/memory/memory.oom_control");
  return ParseOomKillCount(text);
}

}  // namespace lambdex::agent::process
