// The slice of the Docker Engine API lambdex uses. The real implementation
// speaks HTTP over the daemon's Unix socket (docker/http_engine.h); tests use
// an in-memory fake (tests/fakes/fake_engine.h).
// Implementations are used from one io_context; calls may overlap.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

// A process to run inside a running container (docker exec). Detached
// (CreateExec/StartExec) its output goes to the container's log and
// InspectExec reports how it ended; attached (ExecAttached) its stdio comes
// back as an AttachedStream.
struct ExecSpec {
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=value", added to the container's
  std::string working_dir;       // empty: the container's
  std::string user;              // empty: the container's
};

// What a function image says it runs (for PackageType=Image functions).
struct ImageInfo {
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::string working_dir;
  std::vector<std::string> env;  // "KEY=value"
};

struct ExecInfo {
  std::string id;
  std::string container_id;
  bool running = false;
  int exit_code = 0;  // meaningful once !running
  std::int64_t pid = 0;
};

// Receives one line of a process's stderr, without the newline (a line
// longer than 64 KiB arrives in pieces; an unterminated last line at EOF too).
using LineCallback = std::function<void(std::string_view line)>;

// A process's stdio through the daemon (docker exec / attach, Tty off):
// Write feeds its stdin, ReadExactly takes from its stdout, and each stderr
// line goes to the LineCallback given when the stream was opened.
// Stdout and stderr are read in the background as soon as the stream exists,
// so a process that writes while its stdin is still being fed cannot
// deadlock, and stderr lines arrive while they are written. Unread stdout is
// buffered without limit (a frame is at most framing::kMaxFrameBody).
// Use from the io_context that opened it; at most one Write and one
// ReadExactly in flight at a time. Close() (or destruction) cancels pending
// calls, which then fail; the callback is never called after Close().
// Both honour per-operation cancellation (e.g. asio::experimental
// awaitable_operators `||` with a timer); a cancelled call fails kTimeout.
class AttachedStream {
 public:
  virtual ~AttachedStream() = default;
  // All of `bytes` to stdin. kContainerDied when the process or daemon closed it.
  virtual boost::asio::awaitable<Status> Write(std::string_view bytes) = 0;
  // Half-closes stdin: the process reads EOF; stdout stays readable.
  virtual boost::asio::awaitable<Status> CloseStdin() = 0;
  // Replaces `out` with exactly n bytes of stdout. kContainerDied when stdout
  // ends first (out then holds nothing), kProtocol when the daemon's stream is
  // corrupt.
  virtual boost::asio::awaitable<Status> ReadExactly(std::size_t n, std::string& out) = 0;
  // Drops the connection. Idempotent.
  virtual void Close() = 0;
};

// An attached exec: InspectExec(exec_id) tells its exit code once stdout ended.
struct AttachedExec {
  std::string exec_id;
  std::unique_ptr<AttachedStream> stream;
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

  // Runs spec.cmd in a running container with stdin, stdout and stderr
  // attached (create + start in one call). Errors as CreateExec.
  virtual boost::asio::awaitable<Result<AttachedExec>> ExecAttached(std::string container_id,
                                                                    ExecSpec spec,
                                                                    LineCallback on_stderr);
  // Attaches to a container's stdio. For a one-shot container: create it with
  // ContainerSpec::open_stdin, attach, then StartContainer; stdout ends when
  // the container exits. kNotFound when the container is gone.
  virtual boost::asio::awaitable<Result<std::unique_ptr<AttachedStream>>> AttachContainer(
      std::string id, LineCallback on_stderr);
  // Waits until the container is not running; returns its exit code.
  // kTimeout after `timeout`, kNotFound when it does not exist.
  virtual boost::asio::awaitable<Result<int>> WaitContainer(std::string id,
                                                            std::chrono::milliseconds timeout);
  // Whether a network of that name (or id) exists, e.g. "bridge".
  virtual boost::asio::awaitable<Result<bool>> NetworkExists(std::string name);
  // The image's configuration; kNotFound when there is no such image.
  virtual boost::asio::awaitable<Result<ImageInfo>> InspectImage(std::string image);
};

inline boost::asio::awaitable<Result<ImageInfo>> Engine::InspectImage(std::string) {
  co_return MakeError(ErrorCode::kInternal, "image inspection is not supported by this engine");
}

inline boost::asio::awaitable<Result<std::string>> Engine::CreateExec(std::string, ExecSpec) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}
inline boost::asio::awaitable<Status> Engine::StartExec(std::string) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}
inline boost::asio::awaitable<Result<ExecInfo>> Engine::InspectExec(std::string) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}

inline boost::asio::awaitable<Result<AttachedExec>> Engine::ExecAttached(std::string, ExecSpec,
                                                                         LineCallback) {
  co_return MakeError(ErrorCode::kInternal, "exec is not supported by this engine");
}
inline boost::asio::awaitable<Result<std::unique_ptr<AttachedStream>>> Engine::AttachContainer(
    std::string, LineCallback) {
  co_return MakeError(ErrorCode::kInternal, "attach is not supported by this engine");
}
inline boost::asio::awaitable<Result<int>> Engine::WaitContainer(std::string,
                                                                 std::chrono::milliseconds) {
  co_return MakeError(ErrorCode::kInternal, "wait is not supported by this engine");
}
inline boost::asio::awaitable<Result<bool>> Engine::NetworkExists(std::string) {
  co_return MakeError(ErrorCode::kInternal, "networks are not supported by this engine");
}

}  // namespace lambdex::docker
