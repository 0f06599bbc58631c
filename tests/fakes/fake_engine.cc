#include "tests/fakes/fake_engine.h"

#include <algorithm>
#include <cstdio>

namespace lambdex::docker {
namespace asio = boost::asio;

void FakeEngine::FailNext(ErrorCode code, std::optional<Op> only, std::string message) {
  failures_.push_back(Failure{code, only, std::move(message)});
}

bool FakeEngine::MarkDead(const std::string& id, int exit_code, bool oom_killed) {
  Container* c = Lookup(id);
  if (c == nullptr) return false;
  c->info.running = false;
  c->info.state = "exited";
  c->info.exit_code = exit_code;
  c->info.oom_killed = oom_killed;
  return true;
}

const FakeEngine::Container* FakeEngine::Find(const std::string& id_or_name) const {
  return const_cast<FakeEngine*>(this)->Lookup(id_or_name);
}

FakeEngine::Container* FakeEngine::Lookup(const std::string& id_or_name) {
  if (auto it = containers_.find(id_or_name); it != containers_.end()) return &it->second;
  for (auto& [id, c] : containers_) {
    if (!c.info.name.empty() && c.info.name == id_or_name) return &c;
  }
  return nullptr;
}

int FakeEngine::CallCount(Op op) const {
  return static_cast<int>(std::count(calls_.begin(), calls_.end(), op));
}

int FakeEngine::RunningCount() const {
  return static_cast<int>(std::count_if(containers_.begin(), containers_.end(),
                                        [](const auto& kv) { return kv.second.info.running; }));
}

std::optional<Error> FakeEngine::Enter(Op op) {
  calls_.push_back(op);
  if (unavailable_) {
    return MakeError(ErrorCode::kDockerUnavailable, "Docker daemon not reachable (fake)");
  }
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (!it->only || *it->only == op) {
      Error e = MakeError(it->code, it->message);
      failures_.erase(it);
      return e;
    }
  }
  return std::nullopt;
}

asio::awaitable<Result<std::string>> FakeEngine::Ping() {
  if (auto e = Enter(Op::kPing)) co_return *e;
  co_return std::string("1.41");
}

asio::awaitable<Result<bool>> FakeEngine::ImageExists(std::string image) {
  if (auto e = Enter(Op::kImageExists)) co_return *e;
  co_return !missing_images_.contains(image);
}

asio::awaitable<Result<std::string>> FakeEngine::CreateContainer(ContainerSpec spec) {
  if (auto e = Enter(Op::kCreate)) co_return *e;
  if (missing_images_.contains(spec.image)) {
    co_return MakeError(ErrorCode::kNotFound, "No such image: " + spec.image);
  }
  if (!spec.name.empty() && Lookup(spec.name) != nullptr) {
    co_return MakeError(ErrorCode::kConflict,
                        "Conflict. The container name \"/" + spec.name + "\" is already in use");
  }
  char id[32];
  std::snprintf(id, sizeof(id), "fake%08d", next_id_++);
  Container c;
  c.spec = spec;
  c.info.id = id;
  c.info.name = spec.name.empty() ? std::string("fake_") + id : spec.name;
  c.info.image = spec.image;
  c.info.state = "created";
  c.info.labels = spec.labels;
  c.info.memory_bytes = spec.memory_bytes;
  created_specs_.push_back(spec);
  containers_.emplace(id, std::move(c));
  co_return std::string(id);
}

asio::awaitable<Status> FakeEngine::StartContainer(std::string id) {
  if (auto e = Enter(Op::kStart)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + id);
  c->info.running = true;
  c->info.state = "running";
  c->info.exit_code = 0;
  c->info.oom_killed = false;
  co_return Status();
}

asio::awaitable<Result<ContainerInfo>> FakeEngine::InspectContainer(std::string id) {
  if (auto e = Enter(Op::kInspect)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + id);
  co_return c->info;
}

asio::awaitable<Status> FakeEngine::StopContainer(std::string id, int timeout_s) {
  if (auto e = Enter(Op::kStop)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + id);
  if (c->info.running) {
    c->info.running = false;
    c->info.state = "exited";
    c->info.exit_code = 143;  // SIGTERM honoured
  }
  co_return Status();
}

asio::awaitable<Status> FakeEngine::RemoveContainer(std::string id, bool force) {
  if (auto e = Enter(Op::kRemove)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return Status();  // already gone is fine
  if (c->info.running && !force) {
    co_return MakeError(ErrorCode::kConflict, "You cannot remove a running container " + id);
  }
  containers_.erase(c->info.id);
  co_return Status();
}

asio::awaitable<Result<std::vector<ContainerInfo>>> FakeEngine::ListContainers(Labels labels) {
  if (auto e = Enter(Op::kList)) co_return *e;
  std::vector<ContainerInfo> out;
  for (const auto& [id, c] : containers_) {
    bool match = std::all_of(labels.begin(), labels.end(), [&](const auto& kv) {
      auto it = c.info.labels.find(kv.first);
      return it != c.info.labels.end() && it->second == kv.second;
    });
    if (match) out.push_back(c.info);
  }
  co_return out;
}

bool FakeEngine::FinishExec(const std::string& exec_id, int exit_code) {
  auto it = execs_.find(exec_id);
  if (it == execs_.end()) return false;
  it->second.info.running = false;
  it->second.info.exit_code = exit_code;
  return true;
}

asio::awaitable<Result<std::string>> FakeEngine::CreateExec(std::string container_id,
                                                            ExecSpec spec) {
  if (auto e = Enter(Op::kCreateExec)) co_return *e;
  Container* c = Lookup(container_id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + container_id);
  if (!c->info.running) {
    co_return MakeError(ErrorCode::kConflict, "Container " + container_id + " is not running");
  }
  char id[32];
  std::snprintf(id, sizeof(id), "exec%08d", next_id_++);
  Exec exec{std::move(spec), ExecInfo{}};
  exec.info.id = id;
  exec.info.container_id = c->info.id;
  execs_.emplace(id, std::move(exec));
  co_return std::string(id);
}

asio::awaitable<Status> FakeEngine::StartExec(std::string exec_id) {
  if (auto e = Enter(Op::kStartExec)) co_return *e;
  auto it = execs_.find(exec_id);
  if (it == execs_.end()) co_return MakeError(ErrorCode::kNotFound, "No such exec instance");
  it->second.info.running = true;
  it->second.info.pid = 1000 + static_cast<std::int64_t>(execs_.size());
  co_return Status();
}

asio::awaitable<Result<ExecInfo>> FakeEngine::InspectExec(std::string exec_id) {
  if (auto e = Enter(Op::kInspectExec)) co_return *e;
  auto it = execs_.find(exec_id);
  if (it == execs_.end()) co_return MakeError(ErrorCode::kNotFound, "No such exec instance");
  co_return it->second.info;
}

}  // namespace lambdex::docker
