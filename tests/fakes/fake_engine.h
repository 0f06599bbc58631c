// An in-memory docker::Engine for unit tests of the pool and executors.
// Records every call and every created spec; containers' state can be driven
// (MarkDead) and failures injected (FailNext, SetUnavailable). No I/O: every
// coroutine completes without suspending.
// Thread-compatible: use from one io_context, like the real engine.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/docker/engine.h"

namespace lambdex::docker {

class FakeEngine : public Engine {
 public:
  enum class Op {
    kPing, kImageExists, kCreate, kStart, kInspect, kStop, kRemove, kList,
    kCreateExec, kStartExec, kInspectExec,
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

  // --- Engine ---
  boost::asio::awaitable<Result<std::string>> Ping() override;
  boost::asio::awaitable<Result<bool>> ImageExists(std::string image) override;
  boost::asio::awaitable<Result<std::string>> CreateContainer(ContainerSpec spec) override;
  boost::asio::awaitable<Status> StartContainer(std::string id) override;
  boost::asio::awaitable<Result<ContainerInfo>> InspectContainer(std::string id) override;
  boost::asio::awaitable<Status> StopContainer(std::string id, int timeout_s) override;
  boost::asio::awaitable<Status> RemoveContainer(std::string id, bool force) override;
  boost::asio::awaitable<Result<std::vector<ContainerInfo>>> ListContainers(
      Labels labels) override;
  boost::asio::awaitable<Result<std::string>> CreateExec(std::string container_id,
                                                         ExecSpec spec) override;
  boost::asio::awaitable<Status> StartExec(std::string exec_id) override;
  boost::asio::awaitable<Result<ExecInfo>> InspectExec(std::string exec_id) override;

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
  std::map<std::string, Exec> execs_;  // by id
  std::vector<ContainerSpec> created_specs_;
  std::vector<Op> calls_;
  std::deque<Failure> failures_;
  std::set<std::string> missing_images_;
  bool unavailable_ = false;
  int next_id_ = 1;
};

}  // namespace lambdex::docker
