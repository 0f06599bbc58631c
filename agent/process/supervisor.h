// Supervises the language runtime: starts it (own process group, output on
// pipes), forwards its output line by line, samples its peak memory, kills its
// process group, and reports the exit of the current runtime only (exits of
// runtimes it already killed are swallowed), saying whether the kernel's OOM
// killer ended it (cgroup oom_kill counter, see oom_kills.h). Owns the pipes.
// Single-threaded: use only from the io_context it was built on.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/process/output_pump.h"
#include "agent/process/peak_memory.h"
#include "shared/util/result.h"

namespace lambdex::agent::process {

class Supervisor {
 public:
  using OnLine = std::function<void(std::string_view line)>;
  using OnExit = std::function<void(int wait_status, bool out_of_memory)>;

  Supervisor(boost::asio::io_context& io, std::vector<std::string> argv,
             std::vector<std::string> env, OnLine on_line, OnExit on_exit);
  ~Supervisor();

  Status Start();
  // SIGKILLs the runtime's process group; its exit will not be reported.
  void Kill();
  // Pulls output already written to the pipes through OnLine.
  void DrainOutput();
  // Samples the current runtime's peak memory (two pread()s on files kept
  // open) and returns the largest seen in KiB, 0 when unknown.
  std::uint64_t PeakMemoryKb();
  // True once the current runtime's memory was sampled at least once.
  bool memory_sampled() const { return memory_sampled_; }
  // Feed from the ChildReaper.
  void HandleChildExit(pid_t pid, int wait_status);

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  void ClosePipes();

  boost::asio::io_context& io_;
  std::vector<std::string> argv_;
  std::vector<std::string> env_;
  OnLine on_line_;
  OnExit on_exit_;
  pid_t pid_ = -1;
  std::uint64_t peak_kb_ = 0;
  bool memory_sampled_ = false;
  PeakMemorySampler memory_;
  std::uint64_t oom_kills_at_start_ = 0;
  std::shared_ptr<OutputPump> stdout_pump_, stderr_pump_;
};

}  // namespace lambdex::agent::process
