// WarmExecutor over a scripted Launcher (fake_launcher.h) and a ManualClock,
// all on one io_context. Held launches and invocations make concurrency
// exact: Drain() runs every ready handler and returns when all that is left
// waits on the test.
#include "controller/executors/warm_executor.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/unit/controller/executors/fake_launcher.h"

namespace lambdex {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::FakeLauncher;
using testing::FakeWatcher;
using testing::FakeWorld;

using Outcome = std::shared_ptr<std::optional<Result<InvokeOutput>>>;

class WarmExecutorTest : public ::testing::Test {
 protected:
  WarmExecutorTest() { fn_.name = "f"; }

  void Make(int max_per_function = 3, int max_waiters = 2, std::chrono::milliseconds idle_ttl = 60s,
            std::unique_ptr<HotReloadWatcher> watcher = nullptr) {
    WarmOptions options;
    options.limits.max_per_function = max_per_function;
    options.limits.idle_ttl = idle_ttl;
    options.max_waiters_per_function = max_waiters;
    exec_ =
        std::make_unique<WarmExecutor>(io_.get_executor(), std::make_unique<FakeLauncher>(world_),
                                       clock_, options, std::move(watcher));
  }

  // Starts an invocation; the outcome fills in when it ends.
  Outcome Call(std::string payload) {
    auto out = std::make_shared<std::optional<Result<InvokeOutput>>>();
    InvokeInput input;
    input.request_id = "r" + std::to_string(++calls_);
    input.payload = std::move(payload);
    asio::co_spawn(
        io_,
        [this, out, input = std::move(input)]() mutable -> asio::awaitable<void> {
          out->emplace(co_await exec_->Invoke(fn_, std::move(input)));
        },
        asio::detached);
    return out;
  }

  // A call that must complete without the test's help.
  Result<InvokeOutput> CallNow(std::string payload) {
    Outcome out = Call(std::move(payload));
    Drain();
    EXPECT_TRUE(out->has_value()) << "call did not complete";
    if (!out->has_value()) return MakeError(ErrorCode::kInternal, "did not complete");
    return std::move(**out);
  }

  void Run(asio::awaitable<void> op) {
    asio::co_spawn(io_, std::move(op), asio::detached);
    Drain();
  }

  void Drain() {
    for (;;) {
      io_.restart();
      if (io_.poll() == 0) return;
    }
  }

  // Ends every held call and lets everything finish.
  void ReleaseAll() {
    world_.hold_invokes = false;
    world_.hold_launches = false;
    world_.ReleaseLaunches();
    for (const auto& id : world_.live()) world_.ReleaseInvoke(id);
    Drain();
  }

  static std::string PayloadOf(const Result<InvokeOutput>& r) {
    return r.ok() ? r->payload : "<error: " + r.error().message + ">";
  }
  static std::string Payload(const Outcome& out) {
    return out->has_value() ? PayloadOf(**out) : "<pending>";
  }

  asio::io_context io_;
  FakeWorld world_{io_};
  ManualClock clock_;
  FunctionConfig fn_;
  std::unique_ptr<WarmExecutor> exec_;
  int calls_ = 0;
};

TEST_F(WarmExecutorTest, FirstCallLaunchesSecondReuses) {
  Make();
  auto first = CallNow("a");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->payload, "env1:a");
  EXPECT_TRUE(first->function_error.empty());
  auto second = CallNow("b");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->payload, "env1:b");
  EXPECT_EQ(world_.launches, 1);
  EXPECT_EQ(world_.destroys(), 0);
  EXPECT_EQ(exec_->WarmCount("f"), 1);
}

TEST_F(WarmExecutorTest, ScalesOutToTheLimitThenQueuesBounded) {
  Make(/*max_per_function=*/3, /*max_waiters=*/1);
  world_.hold_invokes = true;
  Outcome a = Call("a"), b = Call("b"), c = Call("c");
  Drain();
  EXPECT_EQ(world_.launches, 3);
  EXPECT_EQ(world_.held_invokes(), 3);

  Outcome queued = Call("d");
  Drain();
  EXPECT_FALSE(queued->has_value());
  EXPECT_EQ(world_.launches, 3);

  Outcome refused = Call("e");
  Drain();
  ASSERT_TRUE(refused->has_value());
  ASSERT_FALSE((*refused)->ok());
  EXPECT_EQ((*refused)->error().code, ErrorCode::kTooManyRequests);

  // The first environment released serves the waiter.
  world_.ReleaseInvoke("env2");
  Drain();
  EXPECT_EQ(Payload(b), "env2:b");
  EXPECT_FALSE(queued->has_value());
  EXPECT_EQ(world_.env("env2").served, (std::vector<std::string>{"r2", "r4"}));
  EXPECT_EQ(world_.launches, 3);

  ReleaseAll();
  EXPECT_EQ(Payload(a), "env1:a");
  EXPECT_EQ(Payload(c), "env3:c");
  EXPECT_EQ(Payload(queued), "env2:d");
  EXPECT_EQ(world_.destroys(), 0);
}

TEST_F(WarmExecutorTest, LaunchFailureFreesTheSlotAndWakesWaiters) {
  Make(/*max_per_function=*/1, /*max_waiters=*/5);
  world_.hold_launches = true;
  world_.launch_failures.push_back(MakeError(ErrorCode::kContainerDied, "boom"));
  Outcome first = Call("a");
  Drain();
  Outcome waiter = Call("b");
  Drain();
  EXPECT_EQ(world_.launches, 1);
  EXPECT_FALSE(waiter->has_value());

  world_.hold_launches = false;
  world_.ReleaseLaunches();
  Drain();
  ASSERT_TRUE(first->has_value());
  ASSERT_FALSE((*first)->ok());
  EXPECT_EQ((*first)->error().code, ErrorCode::kContainerDied);
  EXPECT_EQ((*first)->error().message, "boom");
  // The waiter was woken and launched in the freed slot.
  EXPECT_EQ(Payload(waiter), "env1:b");
  EXPECT_EQ(world_.launches, 2);

  EXPECT_EQ(PayloadOf(CallNow("c")), "env1:c");
  EXPECT_EQ(world_.launches, 2);
}

TEST_F(WarmExecutorTest, FailedInvokeIsExitErrorAndTheEnvironmentIsReplaced) {
  Make();
  ASSERT_TRUE(CallNow("a").ok());
  world_.env("env1").fail_next_invoke = true;
  auto lost = CallNow("b");
  ASSERT_TRUE(lost.ok()) << "a lost environment is a function error, not an API error";
  EXPECT_EQ(lost->function_error, "Unhandled");
  EXPECT_EQ(lost->error_type, "Runtime.ExitError");
  EXPECT_NE(lost->payload.find("RequestId: r2"), std::string::npos) << lost->payload;
  EXPECT_TRUE(world_.env("env1").destroyed);
  EXPECT_EQ(exec_->WarmCount("f"), 0);

  EXPECT_EQ(PayloadOf(CallNow("c")), "env2:c");
  EXPECT_EQ(world_.launches, 2);
}

TEST_F(WarmExecutorTest, OomKilledInvokeIsOutOfMemory) {
  Make();
  ASSERT_TRUE(CallNow("a").ok());
  world_.env("env1").fail_next_invoke = true;
  world_.env("env1").oom = true;
  auto lost = CallNow("b");
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->function_error, "Unhandled");
  EXPECT_EQ(lost->error_type, "Runtime.OutOfMemory");
  EXPECT_TRUE(world_.env("env1").destroyed);
}

TEST_F(WarmExecutorTest, DeadOnReuseIsReplacedAndTheCallSucceeds) {
  Make();
  ASSERT_TRUE(CallNow("a").ok());
  world_.env("env1").alive = false;
  auto out = CallNow("b");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->payload, "env2:b");
  EXPECT_TRUE(out->function_error.empty());
  EXPECT_TRUE(world_.env("env1").destroyed);
  EXPECT_TRUE(world_.env("env1").served.size() == 1) << "the dead one got no call";
  EXPECT_EQ(world_.launches, 2);
  EXPECT_EQ(exec_->WarmCount("f"), 1);
}

TEST_F(WarmExecutorTest, RetireDropsIdleNowAndBusyAtRelease) {
  Make();
  world_.hold_invokes = true;
  Outcome a = Call("a"), b = Call("b");
  Drain();
  world_.ReleaseInvoke("env1");
  Drain();
  EXPECT_EQ(Payload(a), "env1:a");  // env1 idle, env2 busy

  Run(exec_->Retire("f"));
  EXPECT_TRUE(world_.env("env1").destroyed);
  EXPECT_FALSE(world_.env("env2").destroyed);

  // New code: the next call launches rather than waiting for env2.
  Outcome c = Call("c");
  Drain();
  EXPECT_EQ(world_.launches, 3);

  world_.ReleaseInvoke("env2");
  Drain();
  EXPECT_EQ(Payload(b), "env2:b");
  EXPECT_TRUE(world_.env("env2").destroyed);

  ReleaseAll();
  EXPECT_EQ(Payload(c), "env3:c");
  EXPECT_EQ(PayloadOf(CallNow("d")), "env3:d");
  EXPECT_EQ(world_.env("env2").destroy_calls, 1);
}

TEST_F(WarmExecutorTest, ReaperDestroysIdleEnvironmentsPastTheTtlOnly) {
  Make(3, 2, /*idle_ttl=*/400ms);  // reaper period: 100 ms
  ASSERT_TRUE(CallNow("a").ok());
  exec_->StartReaper();

  clock_.Advance(399ms);
  io_.restart();
  io_.run_for(300ms);
  EXPECT_FALSE(world_.env("env1").destroyed);
  EXPECT_EQ(exec_->WarmCount("f"), 1);

  clock_.Advance(1ms);
  io_.restart();
  io_.run_for(300ms);
  EXPECT_TRUE(world_.env("env1").destroyed);
  EXPECT_EQ(exec_->WarmCount("f"), 0);

  EXPECT_EQ(PayloadOf(CallNow("b")), "env2:b");
  Run(exec_->Shutdown());
}

TEST_F(WarmExecutorTest, ShutdownDestroysAllAndLaterCallsFail) {
  Make(/*max_per_function=*/2, /*max_waiters=*/5);
  ASSERT_TRUE(CallNow("a").ok());
  world_.hold_invokes = true;
  Outcome busy1 = Call("b"), busy2 = Call("c");  // env1 reused, env2 launched
  Outcome waiter = Call("d");
  Drain();
  EXPECT_EQ(world_.held_invokes(), 2);

  Run(exec_->Shutdown());
  EXPECT_TRUE(world_.live().empty());
  ASSERT_TRUE(waiter->has_value());
  EXPECT_FALSE((*waiter)->ok());
  ASSERT_TRUE(busy1->has_value() && busy2->has_value()) << "calls on destroyed envs end";

  auto later = CallNow("e");
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, ErrorCode::kInternal);
  EXPECT_EQ(world_.launches, 2);
  for (const auto& [id, st] : world_.envs) EXPECT_EQ(st->destroy_calls, 1) << id;
}

TEST_F(WarmExecutorTest, ShutdownStopsTheReaper) {
  Make(3, 2, /*idle_ttl=*/10min);  // reaper period: 30 s
  exec_->StartReaper();
  Drain();
  Run(exec_->Shutdown());
  io_.restart();
  io_.run_for(2s);  // returns at once when nothing is left to run
  EXPECT_TRUE(io_.stopped()) << "the reaper outlived Shutdown";
}

TEST_F(WarmExecutorTest, LaunchFinishingAfterShutdownIsNotLeaked) {
  Make();
  world_.hold_launches = true;
  Outcome out = Call("a");
  Drain();
  Run(exec_->Shutdown());
  world_.hold_launches = false;
  world_.ReleaseLaunches();
  Drain();
  ASSERT_TRUE(out->has_value());
  EXPECT_FALSE((*out)->ok());
  EXPECT_TRUE(world_.live().empty()) << "an environment started during Shutdown survived it";
}

TEST_F(WarmExecutorTest, HotReloadChangeRecyclesBeforeTheCall) {
  auto watcher = std::make_unique<FakeWatcher>();
  FakeWatcher* w = watcher.get();
  Make(3, 2, 60s, std::move(watcher));
  fn_.hot_reload = true;
  fn_.code_dir = "/code/f";

  EXPECT_EQ(PayloadOf(CallNow("a")), "env1:a");
  w->changed.insert("f");
  EXPECT_EQ(PayloadOf(CallNow("b")), "env2:b");
  EXPECT_TRUE(world_.env("env1").destroyed);
  EXPECT_EQ(world_.env("env1").served.size(), 1u);
  EXPECT_EQ(PayloadOf(CallNow("c")), "env2:c");
  EXPECT_EQ(w->last_dir, "/code/f");
  EXPECT_EQ(world_.launches, 2);
}

TEST_F(WarmExecutorTest, WatcherIgnoredForFunctionsWithoutHotReload) {
  auto watcher = std::make_unique<FakeWatcher>();
  FakeWatcher* w = watcher.get();
  Make(3, 2, 60s, std::move(watcher));
  ASSERT_TRUE(CallNow("a").ok());
  w->changed.insert("f");
  EXPECT_EQ(PayloadOf(CallNow("b")), "env1:b");
  EXPECT_EQ(w->asked, 0);
}

}  // namespace
}  // namespace lambdex
