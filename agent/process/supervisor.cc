#include "agent/process/supervisor.h"

#include <algorithm>

#include "agent/process/oom_kills.h"
#include "agent/process/peak_memory.h"
#include "agent/process/spawn.h"

namespace lambdex::agent::process {

Supervisor::Supervisor(boost::asio::io_context& io, std::vector<std::string> argv,
                       std::vector<std::string> env, OnLine on_line, OnExit on_exit)
    : io_(io),
      argv_(std::move(argv)),
      env_(std::move(env)),
      on_line_(std::move(on_line)),
      on_exit_(std::move(on_exit)) {}

Supervisor::~Supervisor() { Kill(); }

Status Supervisor::Start() {
  Kill();
  oom_kills_at_start_ = ReadOomKillCount();
  auto spawned = Spawn(argv_, env_);
  if (!spawned.ok()) return spawned.error();
  pid_ = spawned->pid;
  peak_kb_ = 0;
  auto sink = [this](std::string_view line) { on_line_(line); };
  stdout_pump_ = std::make_shared<OutputPump>(io_, spawned->stdout_fd, sink);
  stderr_pump_ = std::make_shared<OutputPump>(io_, spawned->stderr_fd, sink);
  stdout_pump_->Start();
  stderr_pump_->Start();
  return {};
}

void Supervisor::Kill() {
  if (pid_ <= 0) return;
  KillProcessGroup(pid_);
  pid_ = -1;
  ClosePipes();
}

void Supervisor::ClosePipes() {
  // Output written before the end is still in the pipes: read it before closing.
  if (stdout_pump_) stdout_pump_->Close();
  if (stderr_pump_) stderr_pump_->Close();
  stdout_pump_.reset();
  stderr_pump_.reset();
}

void Supervisor::DrainOutput() {
  if (stdout_pump_) stdout_pump_->Drain();
  if (stderr_pump_) stderr_pump_->Drain();
}

std::uint64_t Supervisor::PeakMemoryKb() {
  if (pid_ > 0) peak_kb_ = std::max(peak_kb_, ReadPeakMemoryKb(pid_));
  return peak_kb_;
}

void Supervisor::HandleChildExit(pid_t pid, int wait_status) {
  if (pid != pid_) return;
  pid_ = -1;
  const bool out_of_memory =
      DiedOutOfMemory(wait_status, oom_kills_at_start_, ReadOomKillCount());
  // Children of the runtime may still hold the pipes open; its group goes too.
  KillProcessGroup(pid);
  ClosePipes();
  on_exit_(wait_status, out_of_memory);
}

}  // namespace lambdex::agent::process
