// Frames over an AttachedStream, driven through FakeEngine's scripted stdio:
// the one-shot agent's exchange (Hello out, InvokeRequest in, InvokeResult
// out), a 6 MB frame each way, and the ways the process can let us down.
#include "controller/docker/stdio_frames.h"

#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "tests/fakes/fake_engine.h"
#include "tests/unit/controller/docker/run_sync.h"

namespace lambdex::docker {
namespace {
namespace asio = boost::asio;
using lambdex::testing::RunSync;

std::string Encoded(const link::Envelope& env) {
  std::string out;
  EXPECT_TRUE(framing::EncodeFrame(env, &out).ok());
  return out;
}

link::Envelope Hello() {
  link::Envelope env;
  env.mutable_hello()->set_oneshot(true);
  env.mutable_hello()->set_pid(7);
  return env;
}

// A one-shot agent: Hello at once; answers the InvokeRequest with its payload
// reversed, logs one stderr line, exits 0.
void OneShotAgent(FakeStdio& p) {
  p.WriteStdout(Encoded(Hello()));
  p.on_stdin = [decoder = std::make_shared<framing::FrameDecoder>(),
                fed = std::size_t{0}](FakeStdio& p) mutable {
    decoder->Append(std::string_view(p.stdin_bytes()).substr(fed));
    fed = p.stdin_bytes().size();
    auto next = decoder->Next();
    if (!next.ok() || !next->has_value()) return;
    const link::InvokeRequest& req = (*next)->invoke();
    link::Envelope out;
    out.mutable_result()->set_request_id(req.request_id());
    out.mutable_result()->set_response(std::string(req.payload().rbegin(), req.payload().rend()));
    p.WriteStderr("START RequestId: " + req.request_id() + "\n");
    p.WriteStdout(Encoded(out));
    p.Exit(0);
  };
}

struct Exchange {
  Result<link::Envelope> hello = MakeError(ErrorCode::kInternal, "not read");
  Status sent;
  Result<link::Envelope> result = MakeError(ErrorCode::kInternal, "not read");
};

asio::awaitable<Exchange> Invoke(AttachedStream& stream, std::string payload) {
  Exchange x;
  std::string scratch;
  x.hello = co_await ReadStdioFrame(stream, scratch);
  link::Envelope req;
  req.mutable_invoke()->set_request_id("r1");
  req.mutable_invoke()->set_payload(std::move(payload));
  x.sent = co_await WriteStdioFrame(stream, req, scratch);
  x.result = co_await ReadStdioFrame(stream, scratch);
  co_return x;
}

class StdioFramesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ContainerSpec spec;
    spec.image = "img";
    id_ = *RunSync(engine_.CreateContainer(spec));
    ASSERT_TRUE(RunSync(engine_.StartContainer(id_)).ok());
  }
  AttachedExec Exec() {
    ExecSpec spec;
    spec.cmd = {"/opt/lambdex/lambdex-agent", "--oneshot", "--", "/var/runtime/bootstrap"};
    auto exec = RunSync(io_, engine_.ExecAttached(id_, spec, [this](std::string_view l) {
      lines_.emplace_back(l);
    }));
    EXPECT_TRUE(exec.ok());
    return std::move(*exec);
  }

  asio::io_context io_;
  FakeEngine engine_;
  std::string id_;
  std::vector<std::string> lines_;
};

TEST_F(StdioFramesTest, OneShotExchange) {
  engine_.OnAttach(OneShotAgent);
  AttachedExec exec = Exec();
  Exchange x = RunSync(io_, Invoke(*exec.stream, "abc"));
  ASSERT_TRUE(x.hello.ok()) << x.hello.error().message;
  EXPECT_TRUE(x.hello->hello().oneshot());
  ASSERT_TRUE(x.sent.ok());
  ASSERT_TRUE(x.result.ok()) << x.result.error().message;
  EXPECT_EQ(x.result->result().request_id(), "r1");
  EXPECT_EQ(x.result->result().response(), "cba");
  EXPECT_EQ(lines_, (std::vector<std::string>{"START RequestId: r1"}));
  auto info = RunSync(io_, engine_.InspectExec(exec.exec_id));
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 0);
}

TEST_F(StdioFramesTest, SixMegabytesEachWay) {
  engine_.OnAttach(OneShotAgent);
  AttachedExec exec = Exec();
  std::string payload(6 << 20, 'p');
  payload.front() = 'a';
  Exchange x = RunSync(io_, Invoke(*exec.stream, payload));
  ASSERT_TRUE(x.result.ok()) << x.result.error().message;
  ASSERT_EQ(x.result->result().response().size(), payload.size());
  EXPECT_EQ(x.result->result().response().back(), 'a');
}

TEST_F(StdioFramesTest, ProcessExitingBeforeAFrameIsContainerDied) {
  engine_.OnAttach([](FakeStdio& p) {
    p.WriteStderr("bootstrap: not found\n");
    p.Exit(127);
  });
  AttachedExec exec = Exec();
  Exchange x = RunSync(io_, Invoke(*exec.stream, "x"));
  ASSERT_FALSE(x.hello.ok());
  EXPECT_EQ(x.hello.error().code, ErrorCode::kContainerDied);
  EXPECT_EQ(lines_, (std::vector<std::string>{"bootstrap: not found"}));
  EXPECT_EQ(RunSync(io_, engine_.InspectExec(exec.exec_id))->exit_code, 127);
}

TEST_F(StdioFramesTest, ProcessExitingInsideAFrameIsContainerDied) {
  engine_.OnAttach([](FakeStdio& p) {
    p.WriteStdout(Encoded(Hello()).substr(0, 6));
    p.Exit(1);
  });
  AttachedExec exec = Exec();
  std::string scratch;
  auto hello = RunSync(io_, ReadStdioFrame(*exec.stream, scratch));
  ASSERT_FALSE(hello.ok());
  EXPECT_EQ(hello.error().code, ErrorCode::kContainerDied);
  EXPECT_NE(hello.error().message.find("inside a frame"), std::string::npos);
}

TEST_F(StdioFramesTest, GarbageOnStdoutIsProtocol) {
  engine_.OnAttach([](FakeStdio& p) { p.WriteStdout("Traceback (most recent call last):\n"); });
  AttachedExec exec = Exec();
  std::string scratch;
  auto hello = RunSync(io_, ReadStdioFrame(*exec.stream, scratch));
  ASSERT_FALSE(hello.ok());
  EXPECT_EQ(hello.error().code, ErrorCode::kProtocol);
}

TEST_F(StdioFramesTest, ASilentProcessCanBeTimedOut) {
  using namespace asio::experimental::awaitable_operators;
  AttachedExec exec = Exec();  // no script: never writes
  auto timed = [&]() -> asio::awaitable<Result<link::Envelope>> {
    std::string scratch;
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    auto r =
        co_await (ReadStdioFrame(*exec.stream, scratch) || timer.async_wait(asio::use_awaitable));
    if (r.index() == 1) co_return MakeError(ErrorCode::kTimeout, "deadline");
    co_return std::get<0>(std::move(r));
  };
  auto r = RunSync(io_, timed());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  // The stream stays usable after the cancelled read.
  engine_.stdios().back()->WriteStdout(Encoded(Hello()));
  std::string scratch;
  EXPECT_TRUE(RunSync(io_, ReadStdioFrame(*exec.stream, scratch)).ok());
}

TEST_F(StdioFramesTest, CloseWakesAPendingRead) {
  AttachedExec exec = Exec();
  auto read_then_close = [&]() -> asio::awaitable<Status> {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
    timer.async_wait([&](auto) { exec.stream->Close(); });
    std::string out;
    co_return co_await exec.stream->ReadExactly(4, out);
  };
  Status st = RunSync(io_, read_then_close());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kContainerDied);
  EXPECT_TRUE(engine_.stdios().back()->closed());
}

}  // namespace
}  // namespace lambdex::docker
