// lambdex-agent: see agent/app/options.h for the command line.
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "agent/app/agent.h"
#include "agent/process/spawn.h"

int main(int argc, char** argv) {
  using namespace lambdex::agent;
  auto options = ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!options.ok()) {
    std::string text = "lambdex-agent: " + options.error().message + "\n" + kUsage;
    (void)!::write(2, text.data(), text.size());
    return 2;
  }
  AgentIo io;
  io.environ = process::CurrentEnviron();
  if (options->oneshot) {
    // The link takes over stdin/stdout; the real fds 0 and 1 then point at
    // /dev/null so that nothing else can ever write into the frame stream.
    io.link_in = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
    io.link_out = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    if (devnull > 2) ::close(devnull);
  }
  return Run(*options, std::move(io));
}
