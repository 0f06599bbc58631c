// An in-memory docker::Engine for unit tests of the pool and executors.
// Records every call and every created spec; containers' state can be driven
// (MarkDead) and failures injected (FailNext, SetUnavailable). No I/O: every
// coroutine completes without suspending, except an attached stream's
// ReadExactly waiting for stdout the test has not written yet (FakeStdio).
// Thread-compatible: use from one io_context, like the real engine.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/docker/engine.h"
#include "controller/docker/stdio_demux.h"

namespace lambdex::docker {

// The process end of an attached stream from FakeEngine: the test plays the
// process (one-shot agent, cat, ...) by writing its stdout and stderr and
// reading what the code under test wrote to stdin. Outlives the stream (the
// engine keeps it), so a test can inspect it after the stream is gone.
class FakeStdio {
 public:
  enum class Kind { kExec, kAttach };

  Kind kind() const { return kind_; }
  const std::string& container_id() const { return container_id_; }
  const std::string& exec_id() const { return exec_id_; }  // kExec only
  const ExecSpec& spec() const { return spec_; }           // kExec only

  // --- The process ---
  // Called after every Write and after CloseStdin: a scripted process reads
  // stdin() here and answers with WriteStdout / Exit.
  std::function<void(FakeStdio&)> on_stdin;
  void WriteStdout(std::string_view bytes);
  void WriteStderr(std::string_view bytes);  // lines reach the stream's LineCallback
  // The process ends: stdout ends (a ReadExactly short of bytes fails
  // kContainerDied) and so do further Writes; an exec reports `exit_code` to
  // InspectExec, an attached container exits with it (when running).
  void Exit(int exit_code = 0);

  // --- What the code under test did ---
  const std::string& stdin_bytes() const { return stdin_; }
  bool stdin_closed() const { return stdin_closed_; }
  bool closed() const { return closed_; }  // AttachedStream::Close or destroyed
  bool exited() const { return exited_; }

 private:
  friend class FakeEngine;
  friend class FakeAttachedStream;
  FakeStdio(Kind kind, std::string container_id, LineCallback on_stderr)
      : kind_(kind), container_id_(std::move(container_id)), demux_(std::move(on_stderr)) {}
  void Wake();

  Kind kind_;
  std::string container_id_;
  std::string exec_id_;
  ExecSpec spec_;
  StdioDemuxer demux_;
  std::string stdin_;
  bool stdin_closed_ = false;
  bool closed_ = false;
  bool exited_ = false;
  std::function<void(int)> on_exit_;                  // set by FakeEngine
  boost::asio::steady_timer* reader_wait_ = nullptr;  // a ReadExactly waiting for stdout
};

class FakeEngine : public Engine {
 public:
  enum class Op {
    kPing,
    kImageExists,
    kCreate,
    kStart,
    kInspect,
    kStop,
    kRemove,
    kList,
    kCreateExec,
    kStartExec,
    kInspectExec,
    kExecAttached,
    kAttach,
    kWait,
    kNetworkExists,
  };

  struct Container {
    ContainerSpec spec;
    ContainerInfo info;
  };

  // --- Driving the fake ---
  // The next call (of `only`, when given) fails with `code`. Calls queue up:
  // FailNext twice fails the next two matching calls.
  void FailNext(ErrorCode code, std::optional<Op> only = std::nullopt,
                std::string message = "injected failure");
  // While set, every call fails with kDockerUnavailable.
  void SetUnavailable(bool unavailable) { unavailable_ = unavailable; }
  // Images exist unless removed here (CreateContainer then fails kNotFound).
  void RemoveImage(const std::string& image) { missing_images_.insert(image); }
  void AddImage(const std::string& image) { missing_images_.erase(image); }
  // The container exits on its own (crash, OOM kill). False when unknown.
  bool MarkDead(const std::string& id, int exit_code = 137, bool oom_killed = false);

  // A started exec ends with `exit_code`. False when unknown.
  bool FinishExec(const std::string& exec_id, int exit_code);

  // Runs on every new attached stream (ExecAttached, AttachContainer) before
  // it is returned: script the process here (set on_stdin, write a Hello...).
  void OnAttach(std::function<void(FakeStdio&)> script) { on_attach_ = std::move(script); }
  // Networks "none", "host" and "bridge" exist unless removed here.
  void RemoveNetwork(const std::string& name) { networks_.erase(name); }
  void AddNetwork(const std::string& name) { networks_.insert(name); }

  // --- Inspecting what happened ---
  const std::map<std::string, Container>& containers() const { return containers_; }
  const Container* Find(const std::string& id_or_name) const;
  const std::vector<ContainerSpec>& created_specs() const { return created_specs_; }
  const std::vector<Op>& calls() const { return calls_; }
  int CallCount(Op op) const;
  int RunningCount() const;
  struct Exec {
    ExecSpec spec;
    ExecInfo info;
  };
  const std::map<std::string, Exec>& execs() const { return execs_; }
  // Every attached stream handed out, oldest first.
  const std::vector<std::shared_ptr<FakeStdio>>& stdios() const { return stdios_; }

  // --- Engine ---
  boost::asio::awaitable<Result<std::string>> Ping() override;
  boost::asio::awaitable<Result<bool>> ImageExists(std::string image) override;
  boost::asio::awaitable<Result<ImageInfo>> InspectImage(std::string image) override;
  // What InspectImage answers for `image` (default: an empty configuration).
  void SetImageInfo(const std::string& image, ImageInfo info) {
    image_info_[image] = std::move(info);
  }
  boost::asio::awaitable<Result<std::string>> CreateContainer(ContainerSpec spec) override;
  boost::asio::awaitable<Status> StartContainer(std::string id) override;
  boost::asio::awaitable<Result<ContainerInfo>> InspectContainer(std::string id) override;
  boost::asio::awaitable<Status> StopContainer(std::string id, int timeout_s) override;
  boost::asio::awaitable<Status> RemoveContainer(std::string id, bool force) override;
  boost::asio::awaitable<Result<std::vector<ContainerInfo>>> ListContainers(Labels labels) override;
  boost::asio::awaitable<Result<std::string>> CreateExec(std::string container_id,
                                                         ExecSpec spec) override;
  boost::asio::awaitable<Status> StartExec(std::string exec_id) override;
  boost::asio::awaitable<Result<ExecInfo>> InspectExec(std::string exec_id) override;
  boost::asio::awaitable<Result<AttachedExec>> ExecAttached(std::string container_id, ExecSpec spec,
                                                            LineCallback on_stderr) override;
  boost::asio::awaitable<Result<std::unique_ptr<AttachedStream>>> AttachContainer(
      std::string id, LineCallback on_stderr) override;
  // Never waits: a container still running fails kTimeout at once.
  boost::asio::awaitable<Result<int>> WaitContainer(std::string id,
                                                    std::chrono::milliseconds timeout) override;
  boost::asio::awaitable<Result<bool>> NetworkExists(std::string name) override;

 private:
  struct Failure {
    ErrorCode code;
    std::optional<Op> only;
    std::string message;
  };

  // Records the call; returns the error it must fail with, if any.
  std::optional<Error> Enter(Op op);
  Container* Lookup(const std::string& id_or_name);

  std::map<std::string, Container> containers_;  // by id
  std::map<std::string, Exec> execs_;            // by id
  std::vector<ContainerSpec> created_specs_;
  std::vector<Op> calls_;
  std::deque<Failure> failures_;
  std::map<std::string, ImageInfo> image_info_;
  std::set<std::string> missing_images_;
  std::set<std::string> networks_{"none", "host", "bridge"};
  std::vector<std::shared_ptr<FakeStdio>> stdios_;
  std::function<void(FakeStdio&)> on_attach_;
  bool unavailable_ = false;
  int next_id_ = 1;
};

}  // namespace lambdex::docker
