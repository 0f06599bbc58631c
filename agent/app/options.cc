#include "agent/app/options.h"

#include <arpa/inet.h>

#include <charconv>

namespace lambdex::agent {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Result<std::pair<std::string, std::uint16_t>> ParseHostPort(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos)
    return Invalid("--runtime-api wants HOST:PORT, got '" + text + "'");
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return Invalid("bad port in --runtime-api '" + text + "'");
  }
  if (!IsIpLiteral(host))
    return Invalid("--runtime-api host must be an IP address, got '" + host + "'");
  return std::make_pair(host, static_cast<std::uint16_t>(port));
}

Result<AgentOptions> ParseOptions(const std::vector<std::string>& args) {
  AgentOptions opts;
  std::size_t i = 0;
  auto value_of = [&](const std::string& flag, std::string* out) -> Status {
    const std::string& arg = args[i];
    if (arg.size() > flag.size() && arg[flag.size()] == '=') {
      *out = arg.substr(flag.size() + 1);
      return {};
    }
    if (i + 1 >= args.size()) return Invalid(flag + " needs a value");
    *out = args[++i];
    return {};
  };
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg == "--oneshot") {
      opts.oneshot = true;
    } else if (arg == "--socket" || arg.starts_with("--socket=")) {
      if (auto st = value_of("--socket", &opts.socket_path); !st.ok()) return st.error();
      if (opts.socket_path.empty()) return Invalid("--socket needs a path");
    } else if (arg == "--runtime-api" || arg.starts_with("--runtime-api=")) {
      std::string text;
      if (auto st = value_of("--runtime-api", &text); !st.ok()) return st.error();
      auto hp = ParseHostPort(text);
      if (!hp.ok()) return hp.error();
      opts.runtime_host = hp->first;
      opts.runtime_port = hp->second;
    } else if (arg.starts_with("-")) {
      return Invalid("unknown option " + arg);
    } else {
      break;  // the bootstrap command, without a "--"
    }
  }
  opts.bootstrap.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (opts.bootstrap.empty()) return Invalid("no BOOTSTRAP command given");
  if (opts.oneshot == !opts.socket_path.empty())
    return Invalid("give exactly one of --socket PATH and --oneshot");
  return opts;
}

}  // namespace lambdex::agent
