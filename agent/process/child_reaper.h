// Reaps every child of the agent on SIGCHLD (also orphans re-parented to it
// when it runs as PID 1) and reports each exit with its waitpid() status.
// Construct before spawning so no SIGCHLD is missed.
// Single-threaded: use only from the io_context it was built on.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>

namespace lambdex::agent::process {

class ChildReaper {
 public:
  using OnExit = std::function<void(pid_t pid, int wait_status)>;
  ChildReaper(boost::asio::io_context& io, OnExit on_exit);
  void Start();
  // Reaps whatever has exited now (also called from the signal handler).
  void ReapNow();

 private:
  void Wait();

  boost::asio::signal_set signals_;
  OnExit on_exit_;
};

}  // namespace lambdex::agent::process
