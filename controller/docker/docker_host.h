// Turns a DOCKER_HOST value into the path of the daemon's Unix socket.
// Pure; no I/O.
#pragma once

#include <string>
#include <string_view>

#include "shared/util/result.h"

namespace lambdex::docker {

inline constexpr char kDefaultDockerSocket[] = "/var/run/docker.sock";

// "" -> /var/run/docker.sock; "unix:///p" -> "/p". Anything else (tcp://,
// ssh://, npipe://) is kInvalidRequest: lambdex speaks only to Unix sockets.
Result<std::string> ParseDockerHost(std::string_view docker_host);

}  // namespace lambdex::docker
