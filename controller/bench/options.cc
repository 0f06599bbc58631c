#include "controller/bench/options.h"

#include <charconv>
#include <cxxopts.hpp>
#include <sstream>

namespace lambdex::bench {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// "http://127.0.0.1:PORT" (optionally with a trailing '/'): loopback only.
Result<std::uint16_t> ParseEndpoint(std::string_view url) {
  constexpr std::string_view kPrefix = "http://127.0.0.1:";
  if (url.substr(0, kPrefix.size()) != kPrefix) {
    return Invalid("--endpoint must be http://127.0.0.1:PORT, got '" + std::string(url) + "'");
  }
  std::string_view port = url.substr(kPrefix.size());
  if (!port.empty() && port.back() == '/') port.remove_suffix(1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return Invalid("--endpoint has a bad port: '" + std::string(url) + "'");
  }
  return static_cast<std::uint16_t>(value);
}

Status ApplyScenarios(const std::string& list, BenchOptions& o) {
  o.run_warm = o.run_throughput = o.run_cold = o.run_init = false;
  for (const std::string& s : SplitCommas(list)) {
    if (s == "warm")
      o.run_warm = true;
    else if (s == "throughput")
      o.run_throughput = true;
    else if (s == "cold")
      o.run_cold = true;
    else if (s == "init")
      o.run_init = true;
    else
      return Invalid("unknown scenario '" + s + "' (warm, throughput, cold, init)");
  }
  return {};
}

}  // namespace

const std::vector<ModeSpec>& KnownModes() {
  static const std::vector<ModeSpec> kModes = {
      {"stay-open", {"--executor", "docker-reuse", "--stay-open", "1"}},
      {"docker-exec", {"--executor", "docker-reuse", "--stay-open", "0"}},
      {"docker", {"--executor", "docker"}},
      {"local", {"--executor", "local"}},
  };
  return kModes;
}

Result<BenchOptions> ParseBenchArgs(int argc, const char* const* argv) {
  cxxopts::Options options("lambdex bench",
                           "Benchmark lambdex executors against docker CLI baselines.");
  // clang-format off
  options.add_options()
    ("modes", "Comma-separated: stay-open,docker-exec,docker,local (default: all)",
     cxxopts::value<std::string>())
    ("endpoint", "Bench a running lambdex at http://127.0.0.1:PORT instead of starting one",
     cxxopts::value<std::string>())
    ("quick", "A short run (about 1-2 minutes in all)")
    ("scenarios", "Comma-separated: warm,throughput,cold,init (default: all)",
     cxxopts::value<std::string>())
    ("no-baselines", "Skip the docker CLI and in-process baselines")
    ("warm-calls", "Sequential warm invocations", cxxopts::value<int>())
    ("throughput-calls", "Invocations in the throughput scenario", cxxopts::value<int>())
    ("cold-repeats", "Cold starts to measure", cxxopts::value<int>())
    ("init-calls", "Invocations of the init-heavy function", cxxopts::value<int>())
    ("cap-seconds", "Stop a scenario after this long", cxxopts::value<int>())
    ("image", "Image for the docker baselines", cxxopts::value<std::string>())
    ("json", "Write the results as JSON to FILE", cxxopts::value<std::string>())
    ("svg", "Draw the latency chart as SVG to FILE", cxxopts::value<std::string>())
    ("serve-log-level", "Log level of the lambdex serve instances", cxxopts::value<std::string>())
    ("keep-data", "Keep the temporary data dirs (serve logs)")
    ("h,help", "Show this help");
  // clang-format on

  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return Invalid(e.what());
  }
  if (parsed.count("help")) return Invalid("help:" + options.help());
  if (!parsed.unmatched().empty())
    return Invalid("unexpected argument '" + parsed.unmatched()[0] + "'");

  BenchOptions o;
  if (parsed.count("quick")) {
    o.quick = true;
    o.warm_calls = 200;
    o.throughput_calls = 2000;
    o.cold_repeats = 2;
    o.init_calls = 5;
    o.baseline_run_calls = 3;
    o.baseline_exec_calls = 20;
    o.scenario_cap = std::chrono::seconds(12);
  }
  if (parsed.count("endpoint")) {
    if (parsed.count("modes")) return Invalid("--endpoint and --modes exclude each other");
    o.endpoint = parsed["endpoint"].as<std::string>();
    auto port = ParseEndpoint(o.endpoint);
    if (!port) return port.error();
    o.endpoint_port = *port;
    o.modes.push_back({"endpoint", {}});
  } else if (parsed.count("modes")) {
    for (const std::string& name : SplitCommas(parsed["modes"].as<std::string>())) {
      const ModeSpec* found = nullptr;
      for (const ModeSpec& m : KnownModes()) {
        if (m.name == name) found = &m;
      }
      if (!found)
        return Invalid("unknown mode '" + name + "' (stay-open, docker-exec, docker, local)");
      o.modes.push_back(*found);
    }
    if (o.modes.empty()) return Invalid("--modes names no mode");
  } else {
    o.modes = KnownModes();
  }
  if (parsed.count("scenarios")) {
    if (auto st = ApplyScenarios(parsed["scenarios"].as<std::string>(), o); !st.ok())
      return st.error();
  }
  o.run_baselines = !parsed.count("no-baselines");

  struct Count {
    const char* flag;
    int* field;
  };
  for (Count c :
       {Count{"warm-calls", &o.warm_calls}, Count{"throughput-calls", &o.throughput_calls},
        Count{"cold-repeats", &o.cold_repeats}, Count{"init-calls", &o.init_calls}}) {
    if (!parsed.count(c.flag)) continue;
    *c.field = parsed[c.flag].as<int>();
    if (*c.field < 1) return Invalid(std::string("--") + c.flag + " must be at least 1");
  }
  if (parsed.count("cap-seconds")) {
    const int cap = parsed["cap-seconds"].as<int>();
    if (cap < 1) return Invalid("--cap-seconds must be at least 1");
    o.scenario_cap = std::chrono::seconds(cap);
  }
  if (parsed.count("image")) o.image = parsed["image"].as<std::string>();
  if (parsed.count("json")) o.json_path = parsed["json"].as<std::string>();
  if (parsed.count("svg")) o.svg_path = parsed["svg"].as<std::string>();
  if (parsed.count("serve-log-level"))
    o.serve_log_level = parsed["serve-log-level"].as<std::string>();
  o.keep_data = parsed.count("keep-data") > 0;
  return o;
}

}  // namespace lambdex::bench
