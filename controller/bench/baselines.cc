#include "controller/bench/baselines.h"

#include <cstdlib>

#include "controller/bench/functions.h"
#include "controller/bench/process.h"

namespace lambdex::bench {
namespace {

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) : line;
}

// Runs `argv` `calls` times; each call must exit 0.
void TimeCommand(const std::vector<std::string>& argv, int calls, Progress& progress, Samples& s) {
  s.ran = true;
  s.requested = calls;
  for (int i = 0; i < calls; ++i) {
    auto r = RunCommand(argv);
    if (r && r->exit_code == 0) {
      s.ms.push_back(r->ms);
    } else {
      ++s.errors;
      if (s.error.empty()) {
        s.error = r ? "exit " + std::to_string(r->exit_code) + ": " + FirstLine(r->output)
                    : r.error().message;
      }
    }
    progress.Update(std::to_string(i + 1) + "/" + std::to_string(calls));
  }
}

void InProcess(const BenchOptions& o, const std::string& payload, Baselines& out) {
  auto r = RunCommand({o.host_python, "-c", InProcessLoopScript(payload)});
  if (!r || r->exit_code != 0) {
    out.in_process_error = r ? "exit " + std::to_string(r->exit_code) + ": " + FirstLine(r->output)
                             : r.error().message;
    return;
  }
  char* end = nullptr;
  out.in_process_us = std::strtod(r->output.c_str(), &end);
  if (end == r->output.c_str()) out.in_process_error = "unreadable output: " + FirstLine(r->output);
}

}  // namespace

void RunBaselines(const BenchOptions& o, const std::string& id, Progress& progress,
                  Baselines& out) {
  out.ran = true;
  out.image = o.image;
  const std::string payload = EchoPayload(o.payload_bytes);
  const std::string script = HandlerCallScript(payload);

  progress.Phase("baseline: in-process loop");
  InProcess(o, payload, out);

  const std::vector<std::string> run{
      "docker", "run",     "--rm", "--network", "none", "--label", "lambdex.bench=" + id,
      o.image,  "python3", "-c"};
  progress.Phase("baseline: docker run --rm python3 -c pass");
  auto argv = run;
  argv.push_back("pass");
  TimeCommand(argv, o.baseline_run_calls, progress, out.docker_run_pass);
  progress.Phase("baseline: docker run --rm python3 -c <handler>");
  argv = run;
  argv.push_back(script);
  TimeCommand(argv, o.baseline_run_calls, progress, out.docker_run_handler);

  progress.Phase("baseline: docker exec");
  const std::string container = "lambdex-bench-" + id;
  auto started =
      RunCommand({"docker", "run", "-d", "--rm", "--network", "none", "--name", container,
                  "--label", "lambdex.bench=" + id, o.image, "sleep", "infinity"});
  if (!started || started->exit_code != 0) {
    const std::string why = "cannot start the warm container: " +
                            (started ? FirstLine(started->output) : started.error().message);
    out.docker_exec_handler.ran = out.docker_exec_pass.ran = true;
    out.docker_exec_handler.error = out.docker_exec_pass.error = why;
  } else {
    const std::vector<std::string> exec{"docker", "exec", container, "python3", "-c"};
    // One untimed call: the first exec pays for loading python3 into the page cache.
    argv = exec;
    argv.push_back("pass");
    (void)RunCommand(argv);
    TimeCommand(argv, o.baseline_exec_calls, progress, out.docker_exec_pass);
    argv = exec;
    argv.push_back(script);
    TimeCommand(argv, o.baseline_exec_calls, progress, out.docker_exec_handler);
  }
  (void)RunCommand({"docker", "rm", "-f", container});
}

}  // namespace lambdex::bench
