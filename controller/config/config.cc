#include "controller/config/config.h"

#include <cstdlib>
#include <cxxopts.hpp>
#include <vector>

namespace lambdex {
namespace {

Result<ExecutorMode> ParseExecutor(std::string_view v) {
  if (v == "local") return ExecutorMode::kLocal;
  if (v == "docker") return ExecutorMode::kDocker;
  if (v == "docker-reuse") return ExecutorMode::kDockerReuse;
  return MakeError(ErrorCode::kInvalidRequest, "unknown executor '" + std::string(v) +
                                                   "' (expected local, docker or docker-reuse)");
}

Result<bool> ParseBool(std::string_view name, std::string_view v) {
  if (v == "1" || v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "0" || v == "false" || v == "False" || v == "FALSE" || v.empty()) return false;
  return MakeError(ErrorCode::kInvalidRequest,
                   std::string(name) + " must be 0 or 1, got '" + std::string(v) + "'");
}

Result<std::string> SocketFromDockerHost(std::string_view v) {
  if (v.empty()) return std::string("/var/run/docker.sock");
  constexpr std::string_view kUnix = "unix://";
  if (v.substr(0, kUnix.size()) == kUnix) return std::string(v.substr(kUnix.size()));
  return MakeError(ErrorCode::kInvalidRequest, "DOCKER_HOST '" + std::string(v) +
                                                   "' is not a unix:// socket; lambdex talks to "
                                                   "the Docker daemon over its Unix socket only");
}

std::string DefaultDataDir(const EnvLookup& env) {
  if (auto xdg = env("XDG_DATA_HOME"); xdg && !xdg->empty()) return *xdg + "/lambdex";
  return "/var/lib/lambdex";
}

}  // namespace

std::string_view ExecutorModeName(ExecutorMode mode) {
  switch (mode) {
    case ExecutorMode::kLocal:
      return "local";
    case ExecutorMode::kDocker:
      return "docker";
    case ExecutorMode::kDockerReuse:
      return "docker-reuse";
  }
  return "unknown";
}

std::string Config::Summary() const {
  std::string s = "listen=" + host + ":" + std::to_string(port) +
                  " executor=" + std::string(ExecutorModeName(executor));
  if (executor == ExecutorMode::kDockerReuse) s += stay_open ? " stay_open=1" : " stay_open=0";
  s += " data_dir=" + data_dir + " docker_socket=" + docker_socket +
       " network=" + (docker_network.empty() ? std::string("auto") : docker_network) +
       " keepalive_ms=" + std::to_string(keepalive.count()) +
       " max_per_function=" + std::to_string(max_containers_per_function);
  return s;
}

Result<Config> ParseServeConfig(int argc, const char* const* argv, const EnvLookup& env) {
  cxxopts::Options options("lambdex serve", "Serve the AWS Lambda API and run functions locally.");
  // clang-format off
  options.add_options()
    ("host", "Address to listen on", cxxopts::value<std::string>())
    ("port", "Port to listen on", cxxopts::value<int>())
    ("executor", "local | docker | docker-reuse (env LAMBDA_EXECUTOR)", cxxopts::value<std::string>())
    ("stay-open", "docker-reuse: keep the runtime warm (1) or exec per call (0) "
                  "(env LAMBDA_STAY_OPEN_MODE)", cxxopts::value<std::string>())
    ("data-dir", "Where functions and code are kept", cxxopts::value<std::string>())
    ("docker-network", "Network for function containers (env LAMBDA_DOCKER_NETWORK)",
     cxxopts::value<std::string>())
    ("keepalive-ms", "Idle time before a warm container is removed (env LAMBDA_KEEPALIVE_MS)",
     cxxopts::value<std::int64_t>())
    ("max-containers", "Warm containers per function", cxxopts::value<int>())
    ("agent", "Path of the lambdex-agent binary", cxxopts::value<std::string>())
    ("label", "Extra container label k=v (repeatable)", cxxopts::value<std::vector<std::string>>())
    ("log-level", "trace | debug | info | warn | error", cxxopts::value<std::string>())
    ("h,help", "Show this help");
  // clang-format on

  // Drop a leading "serve" subcommand; cxxopts wants argv[0] then options.
  std::vector<const char*> args(argv, argv + argc);
  if (args.size() > 1 && std::string_view(args[1]) == "serve") args.erase(args.begin() + 1);

  cxxopts::ParseResult parsed;
  try {
    parsed = options.parse(static_cast<int>(args.size()), args.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return MakeError(ErrorCode::kInvalidRequest, e.what());
  }
  if (parsed.count("help")) return MakeError(ErrorCode::kInvalidRequest, "help:" + options.help());
  if (!parsed.unmatched().empty()) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "unexpected argument '" + parsed.unmatched()[0] + "'");
  }

  Config c;
  if (parsed.count("host")) c.host = parsed["host"].as<std::string>();
  if (parsed.count("port")) {
    const int port = parsed["port"].as<int>();
    if (port < 0 || port > 65535) {
      return MakeError(ErrorCode::kInvalidRequest, "--port must be 0-65535");
    }
    c.port = static_cast<std::uint16_t>(port);
  }

  std::optional<std::string> executor =
      parsed.count("executor") ? parsed["executor"].as<std::string>() : env("LAMBDA_EXECUTOR");
  if (executor && !executor->empty()) {
    auto mode = ParseExecutor(*executor);
    if (!mode.ok()) return mode.error();
    c.executor = *mode;
    c.executor_explicit = true;
  }
  std::optional<std::string> stay_open = parsed.count("stay-open")
                                             ? parsed["stay-open"].as<std::string>()
                                             : env("LAMBDA_STAY_OPEN_MODE");
  if (stay_open) {
    auto b = ParseBool("LAMBDA_STAY_OPEN_MODE", *stay_open);
    if (!b.ok()) return b.error();
    c.stay_open = *b;
  }

  c.data_dir =
      parsed.count("data-dir") ? parsed["data-dir"].as<std::string>() : DefaultDataDir(env);
  auto socket = SocketFromDockerHost(env("DOCKER_HOST").value_or(""));
  if (!socket.ok()) return socket.error();
  c.docker_socket = *socket;

  if (parsed.count("docker-network")) {
    c.docker_network = parsed["docker-network"].as<std::string>();
  } else if (auto net = env("LAMBDA_DOCKER_NETWORK")) {
    c.docker_network = *net;
  }

  std::optional<std::int64_t> keepalive;
  if (parsed.count("keepalive-ms")) {
    keepalive = parsed["keepalive-ms"].as<std::int64_t>();
  } else if (auto v = env("LAMBDA_KEEPALIVE_MS"); v && !v->empty()) {
    char* end = nullptr;
    keepalive = std::strtoll(v->c_str(), &end, 10);
    if (end == v->c_str() || *end != '\0') {
      return MakeError(ErrorCode::kInvalidRequest,
                       "LAMBDA_KEEPALIVE_MS must be a number, got '" + *v + "'");
    }
  }
  if (keepalive) {
    if (*keepalive <= 0) return MakeError(ErrorCode::kInvalidRequest, "keepalive must be positive");
    c.keepalive = std::chrono::milliseconds(*keepalive);
  }

  if (parsed.count("max-containers")) {
    c.max_containers_per_function = parsed["max-containers"].as<int>();
    if (c.max_containers_per_function < 1) {
      return MakeError(ErrorCode::kInvalidRequest, "--max-containers must be at least 1");
    }
  }
  if (parsed.count("agent")) c.agent_path = parsed["agent"].as<std::string>();
  if (parsed.count("log-level")) c.log_level = parsed["log-level"].as<std::string>();
  if (parsed.count("label")) {
    for (const auto& kv : parsed["label"].as<std::vector<std::string>>()) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        return MakeError(ErrorCode::kInvalidRequest, "--label wants key=value, got '" + kv + "'");
      }
      c.extra_labels[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
  }
  return c;
}

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

}  // namespace lambdex
