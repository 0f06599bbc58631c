// A scripted Launcher and Environment for WarmExecutor tests. Everything the
// test steers or inspects lives in a FakeWorld that outlives the executor:
// per-environment state survives the environment's destruction.
// Launch and Invoke can be held open (hold_launches / hold_invokes) until the
// test releases them, so concurrency is decided by the test, not by timing.
// Thread-compatible: one io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "controller/executors/environment.h"
#include "controller/executors/hot_reload.h"

namespace lambdex::testing {

struct FakeEnvState {
  std::string id;
  std::string fn;
  bool alive = true;  // what Alive() answers
  bool oom = false;   // what WasOomKilled() answers
  bool fail_next_invoke = false;
  bool destroyed = false;
  int destroy_calls = 0;
  std::vector<std::string> served;                  // request ids, in order
  std::unique_ptr<boost::asio::steady_timer> gate;  // set while an Invoke is held
};

struct FakeWorld {
  explicit FakeWorld(boost::asio::io_context& io) : io(io) {}

  // --- Steering ---
  bool hold_launches = false;
  bool hold_invokes = false;
  std::deque<Error> launch_failures;  // the next Launch calls fail with these
  // Ends a held Invoke on `id` (no-op when none is held).
  void ReleaseInvoke(const std::string& id);
  void ReleaseLaunches();

  // --- Inspecting ---
  int launches = 0;  // Launch calls, failed ones included
  int destroys() const;
  int held_invokes() const;
  int held_launches() const { return static_cast<int>(launch_gates.size()); }
  FakeEnvState& env(const std::string& id) { return *envs.at(id); }
  std::vector<std::string> live() const;  // ids launched and not destroyed

  boost::asio::io_context& io;
  std::map<std::string, std::shared_ptr<FakeEnvState>> envs;  // by id, "env1", "env2", ...
  std::vector<boost::asio::steady_timer*> launch_gates;
};

class FakeLauncher final : public Launcher {
 public:
  explicit FakeLauncher(FakeWorld& world) : world_(world) {}
  boost::asio::awaitable<Result<std::unique_ptr<Environment>>> Launch(
      const FunctionConfig& fn) override;
  std::string Describe() const override { return "fake"; }

 private:
  FakeWorld& world_;
};

// Reports a change once per function the test marks, like a real watcher
// answering "changed since last asked".
class FakeWatcher final : public HotReloadWatcher {
 public:
  bool Changed(const std::string& fn, const std::string& dir) override {
    ++asked;
    last_dir = dir;
    return changed.erase(fn) > 0;
  }
  void Forget(const std::string& fn) override { changed.erase(fn); }

  std::set<std::string> changed;  // functions whose code "changed"
  int asked = 0;
  std::string last_dir;
};

}  // namespace lambdex::testing
