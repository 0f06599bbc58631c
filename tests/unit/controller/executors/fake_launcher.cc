#include "tests/unit/controller/executors/fake_launcher.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lambdex::testing {

namespace asio = boost::asio;

namespace {

class FakeEnvironment final : public Environment {
 public:
  FakeEnvironment(FakeWorld& world, std::shared_ptr<FakeEnvState> state)
      : io_(world.io), world_(world), st_(std::move(state)) {}

  const std::string& id() const override { return st_->id; }

  asio::awaitable<Result<link::InvokeResult>> Invoke(const link::InvokeRequest& request,
                                                     std::chrono::milliseconds) override {
    st_->served.push_back(request.request_id());
    if (world_.hold_invokes) {
      st_->gate = std::make_unique<asio::steady_timer>(io_, asio::steady_timer::time_point::max());
      boost::system::error_code ec;
      co_await st_->gate->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      st_->gate.reset();
    }
    if (st_->destroyed) co_return MakeError(ErrorCode::kContainerDied, "destroyed mid-call (fake)");
    if (st_->fail_next_invoke) {
      st_->fail_next_invoke = false;
      co_return MakeError(ErrorCode::kContainerDied, "runtime exited (fake)");
    }
    link::InvokeResult result;
    result.set_request_id(request.request_id());
    result.set_response(st_->id + ":" + request.payload());  // who served what
    co_return result;
  }

  bool Alive() override { return st_->alive; }
  asio::awaitable<bool> WasOomKilled() override { co_return st_->oom; }

  asio::awaitable<void> Destroy() override {
    ++st_->destroy_calls;
    st_->destroyed = true;
    if (st_->gate) st_->gate->cancel();  // like killing the container: the call ends
    co_return;
  }

 private:
  asio::io_context& io_;
  FakeWorld& world_;
  std::shared_ptr<FakeEnvState> st_;
};

}  // namespace

void FakeWorld::ReleaseInvoke(const std::string& id) {
  auto it = envs.find(id);
  if (it != envs.end() && it->second->gate) it->second->gate->cancel();
}

void FakeWorld::ReleaseLaunches() {
  for (auto* gate : launch_gates) gate->cancel();
  launch_gates.clear();
}

int FakeWorld::destroys() const {
  int n = 0;
  for (const auto& [id, st] : envs) n += st->destroyed ? 1 : 0;
  return n;
}

int FakeWorld::held_invokes() const {
  int n = 0;
  for (const auto& [id, st] : envs) n += st->gate ? 1 : 0;
  return n;
}

std::vector<std::string> FakeWorld::live() const {
  std::vector<std::string> ids;
  for (const auto& [id, st] : envs) {
    if (!st->destroyed) ids.push_back(id);
  }
  return ids;
}

asio::awaitable<Result<std::unique_ptr<Environment>>> FakeLauncher::Launch(
    const FunctionConfig& fn) {
  ++world_.launches;
  if (world_.hold_launches) {
    asio::steady_timer gate(world_.io, asio::steady_timer::time_point::max());
    world_.launch_gates.push_back(&gate);
    boost::system::error_code ec;
    co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  if (!world_.launch_failures.empty()) {
    Error e = world_.launch_failures.front();
    world_.launch_failures.pop_front();
    co_return e;
  }
  auto st = std::make_shared<FakeEnvState>();
  st->id = "env" + std::to_string(world_.envs.size() + 1);
  st->fn = fn.name;
  world_.envs[st->id] = st;
  co_return std::unique_ptr<Environment>(std::make_unique<FakeEnvironment>(world_, st));
}

}  // namespace lambdex::testing
