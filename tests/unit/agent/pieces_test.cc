// Small pure pieces: options, exit descriptions, memory parsers, line
// splitting, log tail, error documents.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/app/options.h"
#include "agent/core/function_error.h"
#include "agent/core/log_tail.h"
#include "agent/process/exit_status.h"
#include "agent/process/line_splitter.h"
#include "agent/process/oom_kills.h"
#include "agent/process/peak_memory.h"
#include "agent/process/spawn.h"

namespace lambdex::agent {
namespace {

TEST(OptionsTest, SocketModeWithDefaults) {
  auto o = ParseOptions({"--socket", "/tmp/a.sock", "--", "/var/runtime/bootstrap", "-x"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->socket_path, "/tmp/a.sock");
  EXPECT_FALSE(o->oneshot);
  EXPECT_EQ(o->runtime_host, "127.0.0.1");
  EXPECT_EQ(o->runtime_port, 9001);
  EXPECT_EQ(o->bootstrap, (std::vector<std::string>{"/var/runtime/bootstrap", "-x"}));
}

TEST(OptionsTest, OneshotWithPortZeroAndEqualsForm) {
  auto o = ParseOptions({"--oneshot", "--runtime-api=127.0.0.1:0", "--", "boot"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_TRUE(o->oneshot);
  EXPECT_EQ(o->runtime_port, 0);
  auto v6 = ParseOptions({"--oneshot", "--runtime-api", "[::1]:9001", "--", "boot"});
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->runtime_host, "::1");
}

TEST(OptionsTest, Rejections) {
  EXPECT_FALSE(ParseOptions({"--oneshot"}).ok());                               // no bootstrap
  EXPECT_FALSE(ParseOptions({"--", "boot"}).ok());                              // no mode
  EXPECT_FALSE(ParseOptions({"--oneshot", "--socket", "/s", "--", "b"}).ok());  // both modes
  EXPECT_FALSE(ParseOptions({"--oneshot", "--runtime-api", "localhost:9001", "--", "b"}).ok());
  EXPECT_FALSE(ParseOptions({"--oneshot", "--runtime-api", "127.0.0.1:70000", "--", "b"}).ok());
  EXPECT_FALSE(ParseOptions({"--oneshot", "--runtime-api", "127.0.0.1", "--", "b"}).ok());
  EXPECT_FALSE(ParseOptions({"--oneshot", "--bogus", "--", "b"}).ok());
  EXPECT_FALSE(ParseOptions({"--socket"}).ok());
}

TEST(ExitStatusTest, DescribesLikeGo) {
  EXPECT_EQ(process::DescribeWaitStatus(3 << 8), "exit status 3");
  EXPECT_EQ(process::DescribeWaitStatus(0), "exit status 0");
  EXPECT_EQ(process::DescribeWaitStatus(SIGKILL), "signal: killed");
  EXPECT_EQ(process::DescribeWaitStatus(SIGSEGV), "signal: segmentation fault");
}

TEST(PeakMemoryTest, Parsers) {
  EXPECT_EQ(process::ParseVmHwmKb(
                "Name:\tpython3\nVmPeak:\t  20000 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 100 kB\n"),
            12345u);
  EXPECT_EQ(process::ParseVmHwmKb("Name: x\n"), 0u);
  EXPECT_EQ(process::ParseMemoryPeakKb("10485760\n"), 10240u);
  EXPECT_EQ(process::ParseMemoryPeakKb(""), 0u);
}

TEST(PeakMemoryTest, ReadsOwnProcess) {
  EXPECT_GT(process::ReadPeakMemoryKb(::getpid(), "/nonexistent"), 0u);
  EXPECT_EQ(process::ReadPeakMemoryKb(-1, "/nonexistent"), 0u);
}

TEST(PeakMemoryTest, SamplerRereadsItsKeptOpenFiles) {
  process::PeakMemorySampler sampler(::getpid(), "/nonexistent");
  const std::uint64_t first = sampler.Sample();
  EXPECT_GT(first, 0u);
  std::vector<char> grow(8 << 20, 1);  // touch 8 MiB: the high-water mark rises
  EXPECT_GE(sampler.Sample(), first + 4096) << static_cast<int>(grow[4096]);
  EXPECT_EQ(process::PeakMemorySampler().Sample(), 0u);
}

TEST(SmallFileTest, ReadsWholeFileAndNothingWhenMissing) {
  process::SmallFile status("/proc/self/status");
  ASSERT_TRUE(status.is_open());
  EXPECT_NE(status.Read().find("VmHWM:"), std::string::npos);
  EXPECT_NE(status.Read().find("VmHWM:"), std::string::npos);  // again, same descriptor
  process::SmallFile missing("/nonexistent/file");
  EXPECT_FALSE(missing.is_open());
  EXPECT_EQ(missing.Read(), "");
  EXPECT_EQ(process::ReadSmallFile("/nonexistent/file"), "");
  EXPECT_NE(process::ReadSmallFile("/proc/self/status").find("Name:"), std::string::npos);
}

TEST(OomKillsTest, ParsesTheOomKillLine) {
  constexpr const char* kEvents = "low 0\nhigh 0\nmax 17\noom 2\noom_kill 2\noom_group_kill 0\n";
  EXPECT_EQ(process::ParseOomKillCount(kEvents), 2u);
  EXPECT_EQ(process::ParseOomKillCount("oom_group_kill 5\noom_kill 7"), 7u);
  EXPECT_EQ(process::ParseOomKillCount("oom_kill_disable 0\nunder_oom 0\noom_kill 4\n"), 4u);  // v1
  EXPECT_EQ(process::ParseOomKillCount("oom 3\n"), 0u);
  EXPECT_EQ(process::ParseOomKillCount(""), 0u);
  EXPECT_EQ(process::ParseOomKillCount("oom_kill x\n"), 0u);
}

TEST(OomKillsTest, MemoryEventsPathFollowsTheOwnCgroup) {
  EXPECT_EQ(process::MemoryEventsPath("0::/\n"), "/sys/fs/cgroup/memory.events");
  EXPECT_EQ(process::MemoryEventsPath("0::/user.slice/session-1.scope\n", "/cg"),
            "/cg/user.slice/session-1.scope/memory.events");
  EXPECT_EQ(process::MemoryEventsPath(""), "/sys/fs/cgroup/memory.events");
  EXPECT_EQ(process::MemoryEventsPath("12:memory:/docker/x\n"), "/sys/fs/cgroup/memory.events");
  EXPECT_EQ(process::MemoryEventsPath("0::/../../etc\n"), "/sys/fs/cgroup/memory.events");
}

// The decision table: only a SIGKILL with a grown oom_kill counter is an OOM.
TEST(OomKillsTest, OnlySigkillWithANewOomKillIsOutOfMemory) {
  struct Row {
    int wait_status;
    std::uint64_t before, after;
    bool oom;
  } rows[] = {
      {SIGKILL, 0, 1, true},   // the OOM killer ended the runtime
      {SIGKILL, 3, 5, true},   // earlier kills in the container do not matter
      {SIGKILL, 2, 2, false},  // killed by someone else (kill -9, the agent)
      {SIGKILL, 0, 0, false},  // no cgroup v2: never guess OOM
      {SIGTERM, 0, 1, false},  // some other child was OOM-killed
      {SIGSEGV, 0, 1, false},  {3 << 8, 0, 1, false},  // exit status 3
      {137 << 8, 0, 1, false},  // exit status 137: a shell reporting a killed child
  };
  for (const Row& r : rows) {
    EXPECT_EQ(process::DiedOutOfMemory(r.wait_status, r.before, r.after), r.oom)
        << "status=" << r.wait_status << " before=" << r.before << " after=" << r.after;
  }
}

TEST(OomKillsTest, ReadsOwnCgroupWithoutFailing) {
  (void)process::ReadOomKillCount();  // 0 or a count; must not throw or crash
}

TEST(LineSplitterTest, SplitsAcrossPiecesAndFlushes) {
  process::LineSplitter s(8);
  std::vector<std::string> lines;
  auto sink = [&](std::string_view l) { lines.emplace_back(l); };
  s.Feed("ab", sink);
  s.Feed("c\nde\nf", sink);
  EXPECT_EQ(lines, (std::vector<std::string>{"abc\n", "de\n"}));
  s.Feed("0123456789", sink);  // over the cap without a newline
  EXPECT_EQ(lines.back(), "f0123456789");
  s.Feed("tail", sink);
  s.Flush(sink);
  EXPECT_EQ(lines.back(), "tail");
}

TEST(LogTailTest, KeepsLastBytes) {
  LogTail t(10);
  t.Append("12345");
  t.Append("67890abc");
  EXPECT_EQ(t.contents(), "4567890abc");
  t.Append(std::string(30, 'z') + "END");
  EXPECT_EQ(t.Take(), "zzzzzzzEND");
  EXPECT_EQ(t.contents(), "");
}

TEST(FunctionErrorTest, TimeoutAndExitMessages) {
  EXPECT_EQ(TimeoutError("r", 3000).message(),
            "RequestId: r Error: Task timed out after 3.00 seconds");
  EXPECT_EQ(TimeoutError("r", 500).message(),
            "RequestId: r Error: Task timed out after 0.50 seconds");
  auto exit = RuntimeExitError("r", "signal: killed");
  EXPECT_EQ(exit.message(), "RequestId: r Error: Runtime exited with error: signal: killed");
  EXPECT_EQ(
      exit.body(),
      R"({"errorMessage":"RequestId: r Error: Runtime exited with error: signal: killed","errorType":"Runtime.ExitError"})");
  auto oom = OutOfMemoryError("r", "signal: killed");
  EXPECT_EQ(oom.type(), "Runtime.OutOfMemory");
  EXPECT_EQ(oom.message(), "RequestId: r Error: Runtime exited with error: signal: killed");
}

TEST(SpawnTest, WithEnvReplaces) {
  auto env = process::WithEnv({"A=1", "AWS_LAMBDA_RUNTIME_API=old", "B=2"},
                              "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:5");
  EXPECT_EQ(env, (std::vector<std::string>{"A=1", "B=2", "AWS_LAMBDA_RUNTIME_API=127.0.0.1:5"}));
}

TEST(SpawnTest, RunsInOwnProcessGroupWithOutputOnPipes) {
  auto p =
      process::Spawn({"/bin/sh", "-c", "echo out; echo err >&2; exit 4"}, {"PATH=/bin:/usr/bin"});
  ASSERT_TRUE(p.ok()) << p.error().message;
  int status = 0;
  ASSERT_EQ(::waitpid(p->pid, &status, 0), p->pid);
  EXPECT_EQ(process::DescribeWaitStatus(status), "exit status 4");
  char buf[64];
  ASSERT_EQ(::read(p->stdout_fd, buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "out\n");
  ASSERT_EQ(::read(p->stderr_fd, buf, sizeof buf), 4);
  EXPECT_EQ(std::string(buf, 4), "err\n");
  ::close(p->stdout_fd);
  ::close(p->stderr_fd);
}

TEST(SpawnTest, MissingBinaryExits127) {
  auto p = process::Spawn({"/nonexistent/bootstrap"}, {});
  ASSERT_TRUE(p.ok());
  int status = 0;
  ASSERT_EQ(::waitpid(p->pid, &status, 0), p->pid);
  EXPECT_EQ(process::DescribeWaitStatus(status), "exit status 127");
  ::close(p->stdout_fd);
  ::close(p->stderr_fd);
}

}  // namespace
}  // namespace lambdex::agent
