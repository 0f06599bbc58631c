#include "controller/docker/docker_host.h"

namespace lambdex::docker {

Result<std::string> ParseDockerHost(std::string_view docker_host) {
  if (docker_host.empty()) return std::string(kDefaultDockerSocket);
  constexpr std::string_view kUnix = "unix://";
  if (docker_host.starts_with(kUnix)) {
    std::string_view path = docker_host.substr(kUnix.size());
    if (path.empty() || path.front() != '/') {
      return MakeError(ErrorCode::kInvalidRequest,
                       "DOCKER_HOST=" + std::string(docker_host) +
                           ": expected an absolute socket path, e.g. unix:///var/run/docker.sock");
    }
    return std::string(path);
  }
  return MakeError(ErrorCode::kInvalidRequest,
                   "DOCKER_HOST=" + std::string(docker_host) +
                       " is not supported: lambdex talks to the Docker daemon only over a "
                       "Unix socket (unix:///path)");
}

}  // namespace lambdex::docker
