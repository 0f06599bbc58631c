// docker-exec mode: WarmExecutor over ExecLauncher and the FakeEngine. One
// idle container per environment; every invocation is one ExecAttached of
// the one-shot agent in it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "controller/executors/docker_launcher.h"
#include "controller/executors/warm_executor.h"
#include "tests/fakes/fake_engine.h"
#include "tests/unit/controller/docker/run_sync.h"
#include "tests/unit/controller/executors/oneshot_script.h"

namespace lambdex {
namespace {

namespace asio = boost::asio;
using docker::FakeEngine;
using docker::FakeStdio;
using Op = FakeEngine::Op;
using lambdex::testing::RunSync;

class DockerExecTest : public ::testing::Test {
 protected:
  DockerExecTest() {
    fn_.name = "f";
    fn_.runtime = "python3.12";
    fn_.handler = "app.handler";
    fn_.code_dir = "/code/f";
    DockerLaunchOptions options;
    options.agent_path = "/host/lambdex-agent";
    exec_ = std::make_unique<WarmExecutor>(
        io_.get_executor(), std::make_unique<ExecLauncher>(io_.get_executor(), engine_, options),
        clock_, WarmOptions{});
  }

  Result<InvokeOutput> Call(std::string payload) {
    InvokeInput input;
    input.request_id = "r" + std::to_string(++calls_);
    input.payload = std::move(payload);
    return RunSync(io_, exec_->Invoke(fn_, std::move(input)));
  }

  asio::io_context io_;
  FakeEngine engine_;
  ManualClock clock_;
  FunctionConfig fn_;
  std::unique_ptr<WarmExecutor> exec_;
  int calls_ = 0;
};

TEST_F(DockerExecTest, EachInvocationIsOneExecInTheSameContainer) {
  engine_.OnAttach(lambdex::testing::OneShotAgent);
  for (const char* payload : {"a", "b", "c"}) {
    auto out = Call(payload);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_TRUE(out->function_error.empty()) << out->payload;
  }
  EXPECT_EQ(engine_.CallCount(Op::kCreate), 1);
  EXPECT_EQ(engine_.CallCount(Op::kStart), 1);
  EXPECT_EQ(engine_.CallCount(Op::kExecAttached), 3);
  ASSERT_EQ(engine_.containers().size(), 1u);
  const auto& [id, container] = *engine_.containers().begin();
  EXPECT_TRUE(container.info.running);
  EXPECT_EQ(container.spec.entrypoint, (std::vector<std::string>{"/bin/sleep", "infinity"}));

  const std::vector<std::string> oneshot = {"/opt/lambdex/lambdex-agent", "--oneshot", "--",
                                            "/var/runtime/bootstrap"};
  ASSERT_EQ(engine_.stdios().size(), 3u);
  for (const auto& p : engine_.stdios()) {
    EXPECT_EQ(p->kind(), FakeStdio::Kind::kExec);
    EXPECT_EQ(p->container_id(), id);
    EXPECT_EQ(p->spec().cmd, oneshot);
    EXPECT_TRUE(p->closed());
  }
  EXPECT_EQ(Call("d")->payload, id + ":d");
}

TEST_F(DockerExecTest, StreamEndingWithoutAnswerIsExitErrorAndTheContainerIsRemoved) {
  engine_.OnAttach(lambdex::testing::DyingAgent);
  auto lost = Call("a");
  ASSERT_TRUE(lost.ok()) << lost.error().message;
  EXPECT_EQ(lost->function_error, "Unhandled");
  EXPECT_EQ(lost->error_type, "Runtime.ExitError");
  EXPECT_TRUE(engine_.containers().empty());
  EXPECT_EQ(exec_->WarmCount("f"), 0);

  engine_.OnAttach(lambdex::testing::OneShotAgent);
  auto next = Call("b");
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->function_error.empty()) << next->payload;
  EXPECT_EQ(engine_.CallCount(Op::kCreate), 2);
  ASSERT_EQ(engine_.containers().size(), 1u);
  EXPECT_EQ(next->payload, engine_.containers().begin()->first + ":b");
}

TEST_F(DockerExecTest, OomKilledContainerIsOutOfMemory) {
  engine_.OnAttach([this](FakeStdio& p) {
    lambdex::testing::DyingAgent(p);
    p.on_stdin = [this](FakeStdio& p) {
      engine_.MarkDead(p.container_id(), 137, /*oom_killed=*/true);
      p.Exit(137);
    };
  });
  auto lost = Call("a");
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->error_type, "Runtime.OutOfMemory");
  EXPECT_TRUE(engine_.containers().empty());
}

TEST_F(DockerExecTest, ContainerThatDiedWhileIdleIsReplacedWithoutFailingTheCall) {
  engine_.OnAttach(lambdex::testing::OneShotAgent);
  ASSERT_TRUE(Call("a").ok());
  const std::string first = engine_.containers().begin()->first;
  engine_.MarkDead(first, 137, /*oom_killed=*/false);  // e.g. `docker kill` while idle

  auto out = Call("b");  // the exec is refused; the call moves to a fresh container
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->function_error.empty()) << out->payload;
  EXPECT_EQ(engine_.CallCount(Op::kCreate), 2);
  ASSERT_EQ(engine_.containers().size(), 1u);
  EXPECT_NE(engine_.containers().begin()->first, first);
  EXPECT_EQ(out->payload, engine_.containers().begin()->first + ":b");
}

TEST_F(DockerExecTest, ShutdownRemovesTheWarmContainer) {
  engine_.OnAttach(lambdex::testing::OneShotAgent);
  ASSERT_TRUE(Call("a").ok());
  ASSERT_EQ(engine_.RunningCount(), 1);
  RunSync(io_, [this]() -> asio::awaitable<int> {
    co_await exec_->Shutdown();
    co_return 0;
  }());
  EXPECT_TRUE(engine_.containers().empty());
}

}  // namespace
}  // namespace lambdex
