// Runs the real lambdex-agent binary with a scripted Python runtime that
// speaks the Runtime API, and drives it over the link like the controller.
// The runtime's behaviour per call is chosen by the invocation's
// client_context ("echo", "error", "exit:3", "sleep:5", "log:TEXT", "big:N").
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "shared/framing/frame_io.h"

namespace lambdex::agent {
namespace {
namespace asio = boost::asio;
using lambdex::link::Envelope;
using lambdex::link::InvokeResult;

constexpr const char* kFakeRuntime = R"PY(
import http.client, json, os, sys, time
host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
with open(os.environ["FAKE_INIT_LOG"], "a") as f:
    f.write("init\n")
print("fake runtime init", flush=True)
conn = http.client.HTTPConnection(host, int(port))
def call(method, path, body=None, headers={}):
    conn.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers)
    r = conn.getresponse()
    return r, r.read()
while True:
    r, payload = call("GET", "/invocation/next")
    rid = r.getheader("Lambda-Runtime-Aws-Request-Id")
    cmd, _, arg = (r.getheader("Lambda-Runtime-Client-Context") or "echo").partition(":")
    if cmd == "echo":
        call("POST", "/invocation/%s/response" % rid, payload)
    elif cmd == "error":
        call("POST", "/invocation/%s/error" % rid,
             json.dumps({"errorMessage": "boom", "errorType": "ValueError", "stackTrace": []}))
    elif cmd == "exit":
        print("about to exit", flush=True)
        sys.exit(int(arg))
    elif cmd == "sleep":
        time.sleep(float(arg))
        call("POST", "/invocation/%s/response" % rid, b"slept")
    elif cmd == "log":
        print(arg, flush=True)
        sys.stderr.write("stderr " + arg + "\n"); sys.stderr.flush()
        call("POST", "/invocation/%s/response" % rid, b"logged")
    elif cmd == "big":
        resp, body = call("POST", "/invocation/%s/response" % rid, b"x" * int(arg))
        print("big status %d" % resp.status, flush=True)
)PY";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

lambdex::link::InvokeRequest Invoke(const std::string& id, const std::string& command,
                                    std::string payload = "{}", std::int64_t deadline_ms = 0,
                                    std::uint32_t timeout_ms = 30000) {
  lambdex::link::InvokeRequest r;
  r.set_request_id(id);
  r.set_payload(std::move(payload));
  r.set_client_context(command);
  r.set_deadline_unix_ms(deadline_ms ? deadline_ms : WallMs() + timeout_ms);
  r.set_timeout_ms(timeout_ms);
  r.set_invoked_function_arn("arn:aws:lambda:us-east-1:000000000000:function:fake");
  return r;
}

// Runs `awaitable` on `io` until it completes (or 30 s pass, which fails the test).
template <typename T>
asio::awaitable<std::optional<T>> AsOptional(asio::awaitable<T> awaitable) {
  co_return co_await std::move(awaitable);
}

template <typename T>
std::optional<T> RunSync(asio::io_context& io, asio::awaitable<T> awaitable) {
  std::optional<T> out;
  asio::co_spawn(io, AsOptional(std::move(awaitable)),
                 [&](std::exception_ptr, std::optional<T> value) { out = std::move(value); });
  io.restart();
  io.run_for(std::chrono::seconds(30));
  return out;
}

class AgentE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lxa-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::ofstream(dir_ + "/runtime.py") << kFakeRuntime;
    socket_path_ = dir_ + "/s";
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "agent stderr:\n" << ReadFile(dir_ + "/agent.err");
    if (agent_pid_ > 0) {
      ::kill(agent_pid_, SIGTERM);
      int status = 0;
      ::waitpid(agent_pid_, &status, 0);
    }
    std::system(("rm -rf " + dir_).c_str());
  }

  // Starts the agent; stdin/stdout as given (-1: inherit), stderr to a file.
  void StartAgent(std::vector<std::string> mode_args, int child_stdin = -1, int child_stdout = -1) {
    std::vector<std::string> args = {LAMBDEX_AGENT_BIN};
    args.insert(args.end(), mode_args.begin(), mode_args.end());
    for (const char* a : {"--runtime-api", "127.0.0.1:0", "--", LAMBDEX_PYTHON, "-u"})
      args.push_back(a);
    args.push_back(dir_ + "/runtime.py");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string init_log = "FAKE_INIT_LOG=" + dir_ + "/init.log";
    std::vector<char*> envp = {init_log.data(), const_cast<char*>("PATH=/usr/bin:/bin"), nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (child_stdin >= 0) posix_spawn_file_actions_adddup2(&fa, child_stdin, 0);
    if (child_stdout >= 0) posix_spawn_file_actions_adddup2(&fa, child_stdout, 1);
    posix_spawn_file_actions_addopen(&fa, 2, (dir_ + "/agent.err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_EQ(::posix_spawn(&agent_pid_, argv[0], &fa, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&fa);
  }

  // Starts a stay-open agent and connects; returns the Hello.
  lambdex::link::Hello StartAndConnect() {
    StartAgent({"--socket", socket_path_});
    return Connect();
  }

  lambdex::link::Hello Connect() {
    socket_.emplace(io_);
    // The agent is ready once connect succeeds; nothing to wait on but the socket itself.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    boost::system::error_code ec;
    do {
      socket_->close(ec);
      socket_->connect(asio::local::stream_protocol::endpoint(socket_path_), ec);
      if (ec) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (ec && std::chrono::steady_clock::now() < until);
    EXPECT_FALSE(ec) << ec.message();
    auto hello = ReadEnvelope();
    EXPECT_TRUE(hello.has_hello());
    return hello.hello();
  }

  Envelope ReadEnvelope() {
    auto got = RunSync(io_, framing::ReadFrame(*socket_, scratch_));
    EXPECT_TRUE(got.has_value()) << "timed out reading a frame";
    if (!got) return {};
    EXPECT_TRUE(got->ok()) << got->error().message;
    return got->ok() ? got->value() : Envelope();
  }

  InvokeResult Call(const lambdex::link::InvokeRequest& request) {
    Envelope env;
    *env.mutable_invoke() = request;
    auto st = RunSync(io_, framing::WriteFrame(*socket_, env, scratch_));
    EXPECT_TRUE(st.has_value() && st->ok());
    Envelope reply = ReadEnvelope();
    EXPECT_TRUE(reply.has_result());
    EXPECT_EQ(reply.result().request_id(), request.request_id());
    return reply.result();
  }

  int InitCount() {
    std::string log = ReadFile(dir_ + "/init.log");
    return static_cast<int>(std::count(log.begin(), log.end(), '\n'));
  }

  std::string dir_, socket_path_, scratch_;
  pid_t agent_pid_ = -1;
  asio::io_context io_;
  std::optional<asio::local::stream_protocol::socket> socket_;
};

TEST_F(AgentE2eTest, HelloThenPayloadRoundTrips) {
  lambdex::link::Hello hello = StartAndConnect();
  EXPECT_EQ(hello.pid(), static_cast<std::uint32_t>(agent_pid_));
  EXPECT_FALSE(hello.oneshot());
  InvokeResult r = Call(Invoke("r1", "echo", R"({"hello":"world"})"));
  EXPECT_EQ(r.response(), R"({"hello":"world"})");
  EXPECT_GT(r.max_memory_kb(), 0u);
  EXPECT_GT(r.run_duration_us(), 0u);
}

TEST_F(AgentE2eTest, SixMegabytePayloadRoundTripsExactly) {
  StartAndConnect();
  std::string payload(6 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>('a' + i % 26);
  InvokeResult r = Call(Invoke("big", "echo", payload));
  ASSERT_EQ(r.response().size(), payload.size());
  EXPECT_TRUE(r.response() == payload);
}

TEST_F(AgentE2eTest, InitRunsOnceAcrossThreeInvocations) {
  StartAndConnect();
  InvokeResult first = Call(Invoke("a", "echo"));
  InvokeResult second = Call(Invoke("b", "echo"));
  InvokeResult third = Call(Invoke("c", "echo"));
  EXPECT_EQ(InitCount(), 1);
  EXPECT_GT(first.init_duration_us(), 0u);
  EXPECT_EQ(second.init_duration_us(), 0u);
  EXPECT_EQ(third.init_duration_us(), 0u);
  EXPECT_FALSE(third.runtime_restarted());
}

TEST_F(AgentE2eTest, ErrorPostGivesFunctionErrorWithType) {
  StartAndConnect();
  InvokeResult r = Call(Invoke("e1", "error"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().type(), "ValueError");
  EXPECT_EQ(r.error().message(), "boom");
  EXPECT_NE(r.error().body().find("\"stackTrace\""), std::string::npos);
  EXPECT_FALSE(r.runtime_restarted());
}

TEST_F(AgentE2eTest, ExitMidCallIsRuntimeExitErrorAndNextCallWorks) {
  StartAndConnect();
  InvokeResult r = Call(Invoke("x1", "exit:3"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().type(), "Runtime.ExitError");
  EXPECT_EQ(r.error().message(), "RequestId: x1 Error: Runtime exited with error: exit status 3");
  EXPECT_TRUE(r.runtime_restarted());
  EXPECT_NE(r.log_tail().find("about to exit"), std::string::npos);
  InvokeResult next = Call(Invoke("x2", "echo", "again"));
  EXPECT_EQ(next.response(), "again");
  EXPECT_GT(next.init_duration_us(), 0u);
  EXPECT_EQ(InitCount(), 2);
}

TEST_F(AgentE2eTest, DeadlineGivesSandboxTimedoutAndNextCallWorks) {
  StartAndConnect();
  const auto start = std::chrono::steady_clock::now();
  InvokeResult r = Call(Invoke("t1", "sleep:30", "{}", WallMs() + 500, 500));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().type(), "Sandbox.Timedout");
  EXPECT_EQ(r.error().message(), "RequestId: t1 Error: Task timed out after 0.50 seconds");
  EXPECT_TRUE(r.runtime_restarted());
  EXPECT_LT(took, std::chrono::seconds(5));
  InvokeResult next = Call(Invoke("t2", "echo", "after"));
  EXPECT_EQ(next.response(), "after");
}

TEST_F(AgentE2eTest, HandlerLogLinesShowInLogTail) {
  StartAndConnect();
  InvokeResult r = Call(Invoke("l1", "log:hello-from-handler"));
  EXPECT_EQ(r.response(), "logged");
  EXPECT_NE(r.log_tail().find("hello-from-handler\n"), std::string::npos) << r.log_tail();
  EXPECT_NE(r.log_tail().find("stderr hello-from-handler\n"), std::string::npos) << r.log_tail();
  InvokeResult next = Call(Invoke("l2", "echo"));
  EXPECT_EQ(next.log_tail().find("hello-from-handler"), std::string::npos);  // per invocation
}

TEST_F(AgentE2eTest, OversizeResponseIsResponseSizeTooLarge) {
  StartAndConnect();
  InvokeResult r = Call(Invoke("o1", "big:6291557"));
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().type(), "Function.ResponseSizeTooLarge");
  InvokeResult next = Call(Invoke("o2", "echo", "fine"));
  EXPECT_EQ(next.response(), "fine");
  EXPECT_NE(next.log_tail().find("big status 413"), std::string::npos) << next.log_tail();
}

TEST_F(AgentE2eTest, ControllerDisconnectMidCallRestartsRuntime) {
  StartAndConnect();
  EXPECT_EQ(Call(Invoke("d0", "echo", "warm")).response(), "warm");  // runtime 1 is initialised
  Envelope env;
  *env.mutable_invoke() = Invoke("d1", "sleep:30");
  auto st = RunSync(io_, framing::WriteFrame(*socket_, env, scratch_));
  ASSERT_TRUE(st.has_value() && st->ok());
  socket_->close();
  Connect();
  InvokeResult r = Call(Invoke("d2", "echo", "reconnected"));
  EXPECT_EQ(r.response(), "reconnected");
  EXPECT_EQ(InitCount(), 2);
}

TEST_F(AgentE2eTest, ShutdownFrameExitsZero) {
  StartAndConnect();
  Envelope env;
  env.mutable_shutdown();
  auto st = RunSync(io_, framing::WriteFrame(*socket_, env, scratch_));
  ASSERT_TRUE(st.has_value() && st->ok());
  int status = -1;
  ASSERT_EQ(::waitpid(agent_pid_, &status, 0), agent_pid_);
  agent_pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(AgentE2eTest, SigtermExitsZero) {
  StartAndConnect();
  EXPECT_EQ(Call(Invoke("s1", "echo", "x")).response(), "x");
  ASSERT_EQ(::kill(agent_pid_, SIGTERM), 0);
  int status = -1;
  ASSERT_EQ(::waitpid(agent_pid_, &status, 0), agent_pid_);
  agent_pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(AgentE2eTest, OneshotOverPipePair) {
  int to_agent[2], from_agent[2];
  ASSERT_EQ(::pipe2(to_agent, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(from_agent, O_CLOEXEC), 0);
  StartAgent({"--oneshot"}, to_agent[0], from_agent[1]);
  ::close(to_agent[0]);
  ::close(from_agent[1]);
  asio::posix::stream_descriptor out(io_, to_agent[1]), in(io_, from_agent[0]);

  auto hello = RunSync(io_, framing::ReadFrame(in, scratch_));
  ASSERT_TRUE(hello && hello->ok());
  EXPECT_TRUE((*hello)->hello().oneshot());
  Envelope env;
  *env.mutable_invoke() = Invoke("one", "log:printed-by-oneshot", "{}");
  auto st = RunSync(io_, framing::WriteFrame(out, env, scratch_));
  ASSERT_TRUE(st && st->ok());
  auto result = RunSync(io_, framing::ReadFrame(in, scratch_));
  ASSERT_TRUE(result && result->ok()) << (result ? result->error().message : "timeout");
  EXPECT_EQ((*result)->result().response(), "logged");
  EXPECT_NE((*result)->result().log_tail().find("printed-by-oneshot"), std::string::npos);
  // Nothing else ever reaches the frame stream: the next read is a clean close.
  auto after = RunSync(io_, framing::ReadFrame(in, scratch_));
  ASSERT_TRUE(after.has_value());
  ASSERT_FALSE(after->ok());
  EXPECT_EQ(after->error().code, ErrorCode::kContainerDied);
  int status = -1;
  ASSERT_EQ(::waitpid(agent_pid_, &status, 0), agent_pid_);
  agent_pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(ReadFile(dir_ + "/agent.err").find("printed-by-oneshot"), std::string::npos);
}

}  // namespace
}  // namespace lambdex::agent
