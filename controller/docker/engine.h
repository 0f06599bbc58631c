// The slice of the Docker Engine API lambdex uses. The real implementation
// speaks HTTP over the daemon's Unix socket (docker/http_engine.h); tests use
// an in-memory fake (tests/fakes/fake_engine.h).
// Implementations are used from one io_context; calls may overlap.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "shared/util/result.h"

namespace lambdex::docker {

using Labels = std::map<std::string, std::string>;

struct Mount {
  std::string source;  // host path
  std::string target;  // container path
  bool read_only = true;
};

struct ContainerSpec {
  std::string name;  // optional; Docker picks one when empty
  std::string image;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value"
  Labels labels;
  std::vector<Mount> mounts;
  std::string network_mode = "none";
  std::string working_dir;
  std::int64_t memory_bytes = 0;  // 0: unlimited
  std::int64_t pids_limit = 0;    // 0: unlimited
  bool open_stdin = false;        // keep stdin open for an attached one-shot agent
};

struct ContainerInfo {
  std::string id;
  std::string name;
  std::string image;
  std::string state;  // "created", "running", "exited", ...
  bool running = false;
  bool oom_killed = false;
  int exit_code = 0;
  Labels labels;
  std::int64_t memory_bytes = 0;  // HostConfig.Memory; inspect only (0: unlimited)
};

// A process to run inside a running container (docker exec), detached: its
// output goes to the container's log, and InspectExec reports how it ended.
struct ExecSpec {
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value", added to the container's
  std::string working_dir;       // empty: the container's
  std::string user;              // empty: the container's
};

struct ExecInfo {
  std::string id;
  std::string container_id;
  bool running = false;
  int exit_code = 0;  // meaningful once !running
  std::int64_t pid = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // The daemon's API version; kDockerUnavailable when nothing answers.
  virtual boost::asio::awaitable<Result<std::string>> Ping() = 0;
  virtual boost::asio::awaitable<Result<bool>> ImageExists(std::string image) = 0;

  // Returns the new container's id.
  virtual boost::asio::awaitable<Result<std::string>> CreateContainer(ContainerSpec spec) = 0;
  virtual boost::asio::awaitable<Status> StartContainer(std::string id) = 0;
  virtual boost::asio::awaitable<Result<ContainerInfo>> InspectContainer(std::string id) = 0;
  virtual boost::asio::awaitable<Status> StopContainer(std::string id, int timeout_s) = 0;
  // force: kill first when running. A container already gone is not an error.
  virtual boost::asio::awaitable<Status> RemoveContainer(std::string id, bool force) = 0;
  // Containers (running or not) carrying every label in `labels`.
  virtual boost::asio::awaitable<Result<std::vector<ContainerInfo>>> ListContainers(
      Labels labels) = 0;

  // Exec (optional: engines without it answer kInternal). Returns the exec id;
  // kNotFound when the container is gone, kConflict when it is not running.
  virtual boost::asio::awaitable<Result<std::string>> CreateExec(std::string container_id,
                                                                 ExecSpec spec);
  virtual boost::asio::awaitable<Status> StartExec(std::string exec_id);  // detached
  virtual boost::asio::awaitable<Result<ExecInfo>> InspectExec(std::string exec_id);
};

inline boost::asio::awaitable<Result<std::string>> Engine::CreateExec(std::string, ExecSpec) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}
inline boost::asio::awaitable<Status> Engine::StartExec(std::string) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}
inline boost::asio::awaitable<Result<ExecInfo>> Engine::InspectExec(std::string) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}

}  // namespace lambdex::docker
