#include "tests/fakes/fake_engine.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

namespace lambdex::docker {
namespace asio = boost::asio;

// --- FakeStdio and its stream ---

void FakeStdio::Wake() {
  if (reader_wait_) reader_wait_->cancel();
}

void FakeStdio::WriteStdout(std::string_view bytes) {
  demux_.Feed(EncodeMuxChunk(1, bytes)).ok();  // well-formed by construction
  Wake();
}

void FakeStdio::WriteStderr(std::string_view bytes) {
  if (!closed_) demux_.Feed(EncodeMuxChunk(2, bytes)).ok();
}

void FakeStdio::Exit(int exit_code) {
  if (exited_) return;
  exited_ = true;
  if (!closed_) demux_.Finish().ok();  // flushes a last stderr line
  if (on_exit_) on_exit_(exit_code);
  Wake();
}

class FakeAttachedStream : public AttachedStream {
 public:
  explicit FakeAttachedStream(std::shared_ptr<FakeStdio> stdio) : p_(std::move(stdio)) {}
  ~FakeAttachedStream() override { Close(); }

  asio::awaitable<Status> Write(std::string_view bytes) override {
    if (p_->closed_) co_return Closed();
    if (p_->stdin_closed_ || p_->exited_) {
      co_return MakeError(ErrorCode::kContainerDied, "stdin closed by the process (fake)");
    }
    p_->stdin_.append(bytes);
    auto p = p_;  // the script may close the stream
    if (p->on_stdin) p->on_stdin(*p);
    co_return Status();
  }

  asio::awaitable<Status> CloseStdin() override {
    if (p_->closed_) co_return Closed();
    p_->stdin_closed_ = true;
    auto p = p_;
    if (p->on_stdin) p->on_stdin(*p);
    co_return Status();
  }

  asio::awaitable<Status> ReadExactly(std::size_t n, std::string& out) override {
    auto p = p_;
    for (;;) {
      if (p->closed_) co_return Closed();
      if (p->demux_.StdoutAvailable() >= n) {
        p->demux_.TakeStdout(n, out);
        co_return Status();
      }
      if (p->exited_) {
        out.clear();
        co_return MakeError(ErrorCode::kContainerDied, "stdout ended (fake process exited)");
      }
      // The timer lives in this frame only: tests often run each call on its
      // own short-lived io_context.
      asio::steady_timer timer(co_await asio::this_coro::executor,
                               asio::steady_timer::time_point::max());
      p->reader_wait_ = &timer;
      struct Unhook {
        FakeStdio* p;
        ~Unhook() { p->reader_wait_ = nullptr; }
      } unhook{p.get()};
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      auto state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) {
        co_return MakeError(ErrorCode::kTimeout, "docker stdio read cancelled (fake)");
      }
    }
  }

  void Close() override {
    if (p_->closed_) return;
    p_->closed_ = true;
    p_->Wake();
  }

 private:
  static Error Closed() {
    return MakeError(ErrorCode::kContainerDied, "docker stdio stream closed");
  }
  std::shared_ptr<FakeStdio> p_;
};

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

asio::awaitable<Result<ImageInfo>> FakeEngine::InspectImage(std::string image) {
  if (auto e = Enter(Op::kImageExists)) co_return *e;
  if (missing_images_.contains(image))
    co_return MakeError(ErrorCode::kNotFound, "No such image: " + image);
  auto it = image_info_.find(image);
  co_return it == image_info_.end() ? ImageInfo{} : it->second;
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

asio::awaitable<Result<AttachedExec>> FakeEngine::ExecAttached(std::string container_id,
                                                               ExecSpec spec,
                                                               LineCallback on_stderr) {
  if (auto e = Enter(Op::kExecAttached)) co_return *e;
  Container* c = Lookup(container_id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + container_id);
  if (!c->info.running) {
    co_return MakeError(ErrorCode::kConflict, "Container " + container_id + " is not running");
  }
  char id[32];
  std::snprintf(id, sizeof(id), "exec%08d", next_id_++);
  Exec exec{spec, ExecInfo{}};
  exec.info.id = id;
  exec.info.container_id = c->info.id;
  exec.info.running = true;
  exec.info.pid = 1000 + static_cast<std::int64_t>(execs_.size());
  execs_.emplace(id, std::move(exec));

  std::shared_ptr<FakeStdio> stdio(
      new FakeStdio(FakeStdio::Kind::kExec, c->info.id, std::move(on_stderr)));
  stdio->exec_id_ = id;
  stdio->spec_ = std::move(spec);
  stdio->on_exit_ = [this, exec_id = std::string(id)](int code) { FinishExec(exec_id, code); };
  stdios_.push_back(stdio);
  if (on_attach_) on_attach_(*stdio);
  co_return AttachedExec{id, std::make_unique<FakeAttachedStream>(stdio)};
}

asio::awaitable<Result<std::unique_ptr<AttachedStream>>> FakeEngine::AttachContainer(
    std::string id, LineCallback on_stderr) {
  if (auto e = Enter(Op::kAttach)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + id);
  std::shared_ptr<FakeStdio> stdio(
      new FakeStdio(FakeStdio::Kind::kAttach, c->info.id, std::move(on_stderr)));
  stdio->on_exit_ = [this, cid = c->info.id](int code) {
    if (Container* c = Lookup(cid); c != nullptr && c->info.running) MarkDead(cid, code);
  };
  stdios_.push_back(stdio);
  if (on_attach_) on_attach_(*stdio);
  co_return std::unique_ptr<AttachedStream>(std::make_unique<FakeAttachedStream>(stdio));
}

asio::awaitable<Result<int>> FakeEngine::WaitContainer(std::string id,
                                                       std::chrono::milliseconds timeout) {
  if (auto e = Enter(Op::kWait)) co_return *e;
  Container* c = Lookup(id);
  if (c == nullptr) co_return MakeError(ErrorCode::kNotFound, "No such container: " + id);
  if (c->info.running) {
    co_return MakeError(ErrorCode::kTimeout, "container " + id + " still running (fake)");
  }
  co_return c->info.exit_code;
}

asio::awaitable<Result<bool>> FakeEngine::NetworkExists(std::string name) {
  if (auto e = Enter(Op::kNetworkExists)) co_return *e;
  co_return networks_.contains(name);
}

}  // namespace lambdex::docker
