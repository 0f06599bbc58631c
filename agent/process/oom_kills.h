// Tells an out-of-memory kill of the runtime apart from other deaths. The
// kernel's OOM killer SIGKILLs a task when the container's cgroup hits its
// memory limit and counts it in an `oom_kill N` line: cgroup v2 memory.events,
// or cgroup v1 memory/memory.oom_control (Docker on a v1 host). The agent reads
// that counter when it starts the runtime and again when the runtime dies. Parsers and the decision
// are pure; the Read* functions read files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lambdex::agent::process {

// The `oom_kill N` line of a memory.events (v2) or memory.oom_control (v1)
// text; 0 when absent or unparsable.
std::uint64_t ParseOomKillCount(std::string_view memory_events);

// The memory.events file of the cgroup that a /proc/self/cgroup text (cgroup
// v2: "0::/path") names, under `cgroup_root`. Inside a container with its own
// cgroup namespace the path is "/", so this is <cgroup_root>/memory.events.
std::string MemoryEventsPath(std::string_view proc_self_cgroup,
                             std::string_view cgroup_root = "/sys/fs/cgroup");

// True when the runtime died of SIGKILL and the cgroup's oom_kill counter grew
// since the runtime started: the kernel, not a person or the agent, killed it.
bool DiedOutOfMemory(int wait_status, std::uint64_t oom_kills_at_start,
                     std::uint64_t oom_kills_at_exit);

// The agent's own cgroup's oom_kill counter: v2 memory.events if readable,
// else v1 /sys/fs/cgroup/memory/memory.oom_control; 0 when neither is.
std::uint64_t ReadOomKillCount();

}  // namespace lambdex::agent::process
