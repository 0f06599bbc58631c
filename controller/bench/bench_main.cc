#include "controller/bench/bench_main.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "controller/bench/baselines.h"
#include "controller/bench/options.h"
#include "controller/bench/process.h"
#include "controller/bench/report.h"
#include "controller/bench/scenarios.h"
#include "controller/bench/svg.h"

namespace lambdex::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string UtcNow(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string HostDescription() {
  std::string cpu;
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  ::uname(&u);
  return std::string(u.sysname) + " " + u.release + ", " +
         std::to_string(std::thread::hardware_concurrency()) + " cpus" +
         (cpu.empty() ? "" : ", " + cpu);
}

// A serve log line without its timestamp/level prefix.
std::string StripLogPrefix(const std::string& line) {
  const auto pos = line.rfind("] ");
  return pos == std::string::npos ? line : line.substr(pos + 2);
}

void RunScenarios(const BenchOptions& o, std::uint16_t port, const std::string& prefix,
                  Progress& progress, ModeResult& m) {
  ScenarioContext ctx{port, o, progress, prefix};
  if (o.run_warm) RunWarm(ctx, m);
  if (o.run_throughput) RunThroughput(ctx, m);
  if (o.run_cold) RunColdStart(ctx, m);
  if (o.run_init) RunInitHeavy(ctx, m);
}

void RunMode(const BenchOptions& o, const ModeSpec& mode, const std::string& id,
             const fs::path& root, Progress& progress, ModeResult& m) {
  m.name = mode.name;
  const std::string prefix = "bench-" + id + "-" + mode.name;
  if (!o.endpoint.empty()) {
    m.started = true;
    RunScenarios(o, o.endpoint_port, prefix, progress, m);
    return;
  }
  progress.Phase(mode.name + ": starting lambdex serve");
  auto port = FreePort();
  if (!port) {
    m.start_error = port.error().message;
    return;
  }
  const fs::path data_dir = root / mode.name;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  std::vector<std::string> args{"--port",  std::to_string(*port), "--data-dir",  data_dir.string(),
                                "--label", "lambdex.bench=" + id, "--log-level", o.serve_log_level};
  args.insert(args.end(), mode.flags.begin(), mode.flags.end());
  ServeProcess serve;
  const auto start = Clock::now();
  const std::string log = (data_dir / "serve.log").string();
  if (auto st = serve.Start("/proc/self/exe", args, *port, log, std::chrono::seconds(30));
      !st.ok()) {
    m.start_error = StripLogPrefix(st.error().message);
    return;
  }
  m.started = true;
  m.start_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  RunScenarios(o, *port, prefix, progress, m);
  progress.Phase(mode.name + ": stopping lambdex serve");
  serve.Stop();
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return out.good();
}

}  // namespace

int Main(int argc, char** argv) {
  auto parsed = ParseBenchArgs(argc, argv);
  if (!parsed) {
    const std::string& msg = parsed.error().message;
    if (msg.rfind("help:", 0) == 0) {
      std::fputs(msg.c_str() + 5, stdout);
      return 0;
    }
    std::fprintf(stderr, "lambdex bench: %s\n", msg.c_str());
    return 2;
  }
  const BenchOptions& o = *parsed;

  BenchResults r;
  r.id = UtcNow("%H%M%S") + "-" + std::to_string(::getpid());
  r.started_at = UtcNow("%Y-%m-%dT%H:%M:%SZ");
  r.host = HostDescription();
  r.quick = o.quick;
  r.payload_bytes = o.payload_bytes;

  std::string root_template = (fs::temp_directory_path() / "lambdex-bench-XXXXXX").string();
  if (!::mkdtemp(root_template.data())) {
    std::perror("lambdex bench: mkdtemp");
    return 1;
  }
  const fs::path root = root_template;

  Progress progress;
  if (o.run_baselines) RunBaselines(o, r.id, progress, r.baselines);
  for (const ModeSpec& mode : o.modes) {
    r.modes.emplace_back();
    RunMode(o, mode, r.id, root, progress, r.modes.back());
  }
  progress.Done();

  std::fputs(RenderTable(r).c_str(), stdout);
  int status = 0;
  if (!o.json_path.empty() && !WriteFile(o.json_path, RenderJson(r))) {
    std::fprintf(stderr, "lambdex bench: cannot write %s\n", o.json_path.c_str());
    status = 1;
  }
  if (!o.svg_path.empty() && !WriteFile(o.svg_path, RenderSvg(r))) {
    std::fprintf(stderr, "lambdex bench: cannot write %s\n", o.svg_path.c_str());
    status = 1;
  }
  if (o.keep_data) {
    std::fprintf(stderr, "lambdex bench: serve logs kept in %s\n", root.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  return status;
}

}  // namespace lambdex::bench
