#include "agent/process/supervisor.h"

#include <poll.h>

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
  memory_sampled_ = false;
  memory_ = PeakMemorySampler(pid_);
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
  memory_ = PeakMemorySampler();
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
  // Called once per result: one poll() for both pipes instead of a read() on
  // each that, for a quiet function, only says EAGAIN.
  OutputPump* pumps[2] = {stdout_pump_.get(), stderr_pump_.get()};
  pollfd fds[2];
  nfds_t n = 0;
  for (OutputPump* pump : pumps) {
    if (pump != nullptr && pump->fd() >= 0) fds[n++] = pollfd{pump->fd(), POLLIN, 0};
  }
  if (n == 0) return;
  if (::poll(fds, n, 0) < 0) {
    for (OutputPump* pump : pumps)
      if (pump != nullptr) pump->Drain();
    return;
  }
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    for (OutputPump* pump : pumps) {
      if (pump != nullptr && pump->fd() == fds[i].fd) pump->Drain();
    }
  }
}

std::uint64_t Supervisor::PeakMemoryKb() {
  if (pid_ > 0) {
    peak_kb_ = std::max(peak_kb_, memory_.Sample());
    memory_sampled_ = true;
  }
  return peak_kb_;
}

void Supervisor::HandleChildExit(pid_t pid, int wait_status) {
  if (pid != pid_) return;
  pid_ = -1;
  memory_ = PeakMemorySampler();
  const bool out_of_memory = DiedOutOfMemory(wait_status, oom_kills_at_start_, ReadOomKillCount());
  // Children of the runtime may still hold the pipes open; its group goes too.
  KillProcessGroup(pid);
  ClosePipes();
  on_exit_(wait_status, out_of_memory);
}

}  // namespace lambdex::agent::process
