#include "agent/process/child_reaper.h"

#include <sys/wait.h>

namespace lambdex::agent::process {

ChildReaper::ChildReaper(boost::asio::io_context& io, OnExit on_exit)
    : signals_(io, SIGCHLD), on_exit_(std::move(on_exit)) {}

void ChildReaper::Start() { Wait(); }

void ChildReaper::Wait() {
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    ReapNow();
    Wait();
  });
}

void ChildReaper::ReapNow() {
  for (;;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return;
    on_exit_(pid, status);
  }
}

}  // namespace lambdex::agent::process
