// LAMBDA_EXECUTOR=docker: PerCallDockerExecutor over the FakeEngine. A
// container per call, attached before it starts, removed whatever happens.
#include "controller/executors/per_call_executor.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>
#include <vector>

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

class PerCallExecutorTest : public ::testing::Test {
 protected:
  PerCallExecutorTest() : exec_(engine_, clock_, Options()) {
    fn_.name = "f";
    fn_.runtime = "python3.12";
    fn_.handler = "app.handler";
    fn_.code_dir = "/code/f";
  }

  static DockerLaunchOptions Options() {
    DockerLaunchOptions options;
    options.agent_path = "/host/lambdex-agent";
    return options;
  }

  Result<InvokeOutput> Call(std::string payload) {
    InvokeInput input;
    input.request_id = "r" + std::to_string(++calls_);
    input.payload = std::move(payload);
    return RunSync(io_, exec_.Invoke(fn_, std::move(input)));
  }

  asio::io_context io_;
  FakeEngine engine_;
  ManualClock clock_;
  PerCallDockerExecutor exec_;
  FunctionConfig fn_;
  int calls_ = 0;
};

TEST_F(PerCallExecutorTest, AContainerPerCallAttachedBeforeStartAndRemoved) {
  engine_.OnAttach(lambdex::testing::OneShotAgent);
  auto first = Call("a");
  auto second = Call("b");
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(first->function_error.empty()) << first->payload;
  EXPECT_NE(first->payload.substr(0, first->payload.find(':')),
            second->payload.substr(0, second->payload.find(':')));
  EXPECT_EQ(engine_.calls(), (std::vector<Op>{Op::kCreate, Op::kAttach, Op::kStart, Op::kRemove,
                                              Op::kCreate, Op::kAttach, Op::kStart, Op::kRemove}));
  EXPECT_TRUE(engine_.containers().empty());

  ASSERT_EQ(engine_.created_specs().size(), 2u);
  const auto& spec = engine_.created_specs().front();
  EXPECT_TRUE(spec.open_stdin);
  EXPECT_EQ(spec.entrypoint, (std::vector<std::string>{"/opt/lambdex/lambdex-agent", "--oneshot",
                                                       "--", "/var/runtime/bootstrap"}));
  for (const auto& p : engine_.stdios()) {
    EXPECT_EQ(p->kind(), FakeStdio::Kind::kAttach);
    EXPECT_TRUE(p->closed());
  }
}

TEST_F(PerCallExecutorTest, StreamThatDiesIsExitErrorAndTheContainerIsRemoved) {
  engine_.OnAttach(lambdex::testing::DyingAgent);
  auto lost = Call("a");
  ASSERT_TRUE(lost.ok()) << lost.error().message;
  EXPECT_EQ(lost->function_error, "Unhandled");
  EXPECT_EQ(lost->error_type, "Runtime.ExitError");
  EXPECT_NE(lost->payload.find("RequestId: r1"), std::string::npos) << lost->payload;
  EXPECT_TRUE(engine_.containers().empty());
  EXPECT_EQ(engine_.CallCount(Op::kRemove), 1);
}

TEST_F(PerCallExecutorTest, OomKilledIsOutOfMemory) {
  engine_.OnAttach([this](FakeStdio& p) {
    lambdex::testing::DyingAgent(p);
    p.on_stdin = [this](FakeStdio& p) {
      engine_.MarkDead(p.container_id(), 137, /*oom_killed=*/true);
      p.Exit(137);
    };
  });
  auto lost = Call("a");
  ASSERT_TRUE(lost.ok()) << lost.error().message;
  EXPECT_EQ(lost->error_type, "Runtime.OutOfMemory");
  EXPECT_TRUE(engine_.containers().empty());
}

TEST_F(PerCallExecutorTest, StartFailureIsAnErrorAndTheContainerIsRemoved) {
  engine_.OnAttach(lambdex::testing::OneShotAgent);
  for (ErrorCode code : {ErrorCode::kInternal, ErrorCode::kDockerUnavailable}) {
    engine_.FailNext(code, Op::kStart, "start refused");
    auto out = Call("a");
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, code);
    EXPECT_TRUE(engine_.containers().empty());
  }
  EXPECT_EQ(engine_.CallCount(Op::kRemove), 2);
}

TEST_F(PerCallExecutorTest, AttachFailureIsAnErrorAndTheContainerIsRemoved) {
  engine_.FailNext(ErrorCode::kDockerUnavailable, Op::kAttach);
  auto out = Call("a");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::kDockerUnavailable);
  EXPECT_EQ(engine_.CallCount(Op::kStart), 0);
  EXPECT_TRUE(engine_.containers().empty());
}

TEST_F(PerCallExecutorTest, MissingRuntimeImageNamesTheBuildScript) {
  engine_.FailNext(ErrorCode::kNotFound, Op::kCreate, "No such image: lambdex/python:latest");
  auto out = Call("a");
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("scripts/build-images.sh"), std::string::npos)
      << out.error().message;
  EXPECT_NE(out.error().message.find("lambdex/python:latest"), std::string::npos);
  EXPECT_EQ(engine_.CallCount(Op::kAttach), 0);
}

TEST_F(PerCallExecutorTest, ShutdownRemovesContainersOfCallsInFlight) {
  engine_.OnAttach([](FakeStdio& p) {  // Hello, then never answers
    link::Envelope hello;
    hello.mutable_hello()->set_oneshot(true);
    p.WriteStdout(lambdex::testing::Encoded(hello));
  });
  std::optional<Result<InvokeOutput>> out;
  // The input is built outside the coroutine: GCC mishandles a braced
  // aggregate temporary inside a co_await expression (double free).
  InvokeInput input;
  input.request_id = "r1";
  asio::co_spawn(
      io_,
      [&]() -> asio::awaitable<void> { out.emplace(co_await exec_.Invoke(fn_, std::move(input))); },
      asio::detached);
  io_.poll();
  ASSERT_FALSE(out.has_value());
  ASSERT_EQ(engine_.RunningCount(), 1);

  RunSync(io_, [this]() -> asio::awaitable<int> {
    co_await exec_.Shutdown();
    co_return 0;
  }());
  EXPECT_TRUE(engine_.containers().empty());

  engine_.stdios().back()->Exit(137);  // what the removal does to the process
  io_.restart();
  io_.poll();
  ASSERT_TRUE(out.has_value());
  ASSERT_TRUE(out->ok());
  EXPECT_EQ((*out)->function_error, "Unhandled");
}

}  // namespace
}  // namespace lambdex
