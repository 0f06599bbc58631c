// HttpEngine against the real daemon. Every container carries the label
// lambdex.test=<random> and is removed by that label in TearDown.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "controller/docker/docker_host.h"
#include "controller/docker/http_engine.h"
#include "tests/unit/controller/docker/run_sync.h"

namespace lambdex::docker {
namespace {
using lambdex::testing::RunSync;

constexpr char kImage[] = "lambdex/base:bookworm";

std::string RandomTag() {
  std::random_device rd;
  return std::to_string(std::uniform_int_distribution<std::uint64_t>(1, 1ull << 62)(rd));
}

class DockerEngineIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* host = std::getenv("DOCKER_HOST");
    auto path = ParseDockerHost(host == nullptr ? "" : host);
    ASSERT_TRUE(path.ok()) << path.error().message;
    engine_ = std::make_unique<HttpEngine>(*path);
    auto version = RunSync(io_, engine_->Ping());
    ASSERT_TRUE(version.ok()) << "a Docker daemon is required: " << version.error().message;
    auto exists = RunSync(io_, engine_->ImageExists(kImage));
    ASSERT_TRUE(exists.ok()) << exists.error().message;
    ASSERT_TRUE(*exists) << kImage << " missing: run scripts/build-images.sh";
    tag_ = RandomTag();
  }

  void TearDown() override {
    if (!engine_) return;
    auto left = RunSync(io_, engine_->ListContainers({{"lambdex.test", tag_}}));
    if (!left.ok()) return;
    for (const ContainerInfo& c : *left) {
      EXPECT_TRUE(RunSync(io_, engine_->RemoveContainer(c.id, true)).ok());
    }
  }

  ContainerSpec SleepSpec() {
    ContainerSpec spec;
    spec.name = "lambdex-it-" + tag_;
    spec.image = kImage;
    spec.entrypoint = {"sleep"};
    spec.cmd = {"30"};
    spec.env = {"LAMBDEX_TEST=1"};
    spec.labels = {{"lambdex.test", tag_}};
    spec.network_mode = "none";
    spec.working_dir = "/tmp";
    spec.memory_bytes = 64ll << 20;
    spec.pids_limit = 32;
    spec.mounts = {{std::filesystem::temp_directory_path().string(), "/mnt/host-tmp", true}};
    return spec;
  }

  boost::asio::io_context io_;
  std::unique_ptr<HttpEngine> engine_;
  std::string tag_;
};

TEST_F(DockerEngineIntegrationTest, PingReportsApiVersion) {
  auto version = RunSync(io_, engine_->Ping());
  ASSERT_TRUE(version.ok());
  EXPECT_FALSE(version->empty());
}

TEST_F(DockerEngineIntegrationTest, ContainerLifecycle) {
  ContainerSpec spec = SleepSpec();
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;

  auto created = RunSync(io_, engine_->InspectContainer(*id));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->state, "created");
  EXPECT_FALSE(created->running);

  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());
  auto running = RunSync(io_, engine_->InspectContainer(*id));
  ASSERT_TRUE(running.ok()) << running.error().message;
  EXPECT_EQ(running->id, *id);
  EXPECT_EQ(running->name, spec.name);
  EXPECT_EQ(running->image, kImage);
  EXPECT_EQ(running->state, "running");
  EXPECT_TRUE(running->running);
  EXPECT_EQ(running->labels.at("lambdex.test"), tag_);
  EXPECT_EQ(running->memory_bytes, 64ll << 20);

  auto listed = RunSync(io_, engine_->ListContainers({{"lambdex.test", tag_}}));
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, *id);
  EXPECT_TRUE((*listed)[0].running);
  EXPECT_EQ((*listed)[0].name, spec.name);

  // A second container of the same name conflicts.
  auto dup = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  // sleep as PID 1 ignores SIGTERM: the daemon kills it after the grace period.
  ASSERT_TRUE(RunSync(io_, engine_->StopContainer(*id, 1)).ok());
  auto stopped = RunSync(io_, engine_->InspectContainer(*id));
  ASSERT_TRUE(stopped.ok());
  EXPECT_FALSE(stopped->running);
  EXPECT_EQ(stopped->state, "exited");
  EXPECT_EQ(stopped->exit_code, 137);
  EXPECT_TRUE(RunSync(io_, engine_->StopContainer(*id, 1)).ok());  // already stopped

  ASSERT_TRUE(RunSync(io_, engine_->RemoveContainer(*id, false)).ok());
  auto gone = RunSync(io_, engine_->InspectContainer(*id));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(RunSync(io_, engine_->ListContainers({{"lambdex.test", tag_}}))->empty());
}

TEST_F(DockerEngineIntegrationTest, NetworkNoneHasOnlyLoopback) {
  ContainerSpec spec = SleepSpec();
  spec.entrypoint = {"sh", "-c"};
  // Exit code = number of interfaces other than lo.
  spec.cmd = {"exit $(ls /sys/class/net | grep -vc '^lo$')"};
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());
  Result<ContainerInfo> info = MakeError(ErrorCode::kInternal, "not inspected");
  for (int i = 0; i < 100; ++i) {
    info = RunSync(io_, engine_->InspectContainer(*id));
    if (!info.ok() || !info->running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 0);
}

TEST_F(DockerEngineIntegrationTest, ExecRunsDetachedAndReportsExitCode) {
  auto id = RunSync(io_, engine_->CreateContainer(SleepSpec()));
  ASSERT_TRUE(id.ok()) << id.error().message;
  ExecSpec spec;
  spec.cmd = {"sh", "-c", "test \"$GREETING\" = hi && exit 3"};
  spec.env = {"GREETING=hi"};
  auto not_running = RunSync(io_, engine_->CreateExec(*id, spec));
  ASSERT_FALSE(not_running.ok());
  EXPECT_EQ(not_running.error().code, ErrorCode::kConflict);

  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());
  auto exec = RunSync(io_, engine_->CreateExec(*id, spec));
  ASSERT_TRUE(exec.ok()) << exec.error().message;
  ASSERT_TRUE(RunSync(io_, engine_->StartExec(*exec)).ok());
  Result<ExecInfo> info = MakeError(ErrorCode::kInternal, "not inspected");
  for (int i = 0; i < 100; ++i) {
    info = RunSync(io_, engine_->InspectExec(*exec));
    if (!info.ok() || !info->running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 3);
  EXPECT_EQ(info->container_id, *id);
}

// Polls InspectExec until the exec has ended.
Result<ExecInfo> AwaitExec(boost::asio::io_context& io, Engine& engine, const std::string& id) {
  Result<ExecInfo> info = MakeError(ErrorCode::kInternal, "not inspected");
  for (int i = 0; i < 100; ++i) {
    info = RunSync(io, engine.InspectExec(id));
    if (!info.ok() || !info->running) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return info;
}

TEST_F(DockerEngineIntegrationTest, AttachedExecRoundTripsSixMebibytesThroughCat) {
  ContainerSpec spec = SleepSpec();
  spec.cmd = {"60"};
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());

  ExecSpec exec_spec;
  exec_spec.cmd = {"/bin/cat"};
  auto exec = RunSync(io_, engine_->ExecAttached(*id, exec_spec, nullptr));
  ASSERT_TRUE(exec.ok()) << exec.error().message;

  std::string payload(6 << 20, '\0');
  std::mt19937 rng(42);
  for (char& c : payload) c = static_cast<char>(rng());
  AttachedStream& stream = *exec->stream;
  auto round_trip = [&]() -> boost::asio::awaitable<std::string> {
    if (Status st = co_await stream.Write(payload); !st.ok())
      co_return "write: " + st.error().message;
    if (Status st = co_await stream.CloseStdin(); !st.ok())
      co_return "close: " + st.error().message;
    std::string out;
    if (Status st = co_await stream.ReadExactly(payload.size(), out); !st.ok()) {
      co_return "read: " + st.error().message;
    }
    if (out != payload) co_return "stdout differs from stdin";
    Status end = co_await stream.ReadExactly(1, out);
    if (end.ok() || end.error().code != ErrorCode::kContainerDied) co_return "stdout did not end";
    co_return "ok";
  };
  EXPECT_EQ(RunSync(io_, round_trip()), "ok");
  auto info = AwaitExec(io_, *engine_, exec->exec_id);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 0);
}

TEST_F(DockerEngineIntegrationTest, AttachedExecSplitsStderrLinesFromStdout) {
  ContainerSpec spec = SleepSpec();
  spec.cmd = {"60"};
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());

  std::vector<std::string> lines;
  ExecSpec exec_spec;
  exec_spec.cmd = {"sh", "-c", "echo err >&2; printf out"};
  auto exec = RunSync(io_, engine_->ExecAttached(
                               *id, exec_spec, [&](std::string_view l) { lines.emplace_back(l); }));
  ASSERT_TRUE(exec.ok()) << exec.error().message;
  std::string out;
  Status st = RunSync(io_, exec->stream->ReadExactly(3, out));
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(out, "out");
  Status end = RunSync(io_, exec->stream->ReadExactly(1, out));  // waits for the end
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.error().code, ErrorCode::kContainerDied);
  EXPECT_EQ(lines, (std::vector<std::string>{"err"}));
}

TEST_F(DockerEngineIntegrationTest, AttachToCreatedContainerThenStart) {
  ContainerSpec spec = SleepSpec();
  spec.name = "lambdex-it-attach-" + tag_;
  spec.entrypoint = {"cat"};
  spec.cmd = {};
  spec.open_stdin = true;
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  std::vector<std::string> lines;
  auto stream = RunSync(
      io_, engine_->AttachContainer(*id, [&](std::string_view l) { lines.emplace_back(l); }));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  ASSERT_TRUE(RunSync(io_, engine_->StartContainer(*id)).ok());

  auto exchange = [&]() -> boost::asio::awaitable<std::string> {
    AttachedStream& s = **stream;
    if (Status st = co_await s.Write("hello, attach\n"); !st.ok()) co_return st.error().message;
    std::string out;
    if (Status st = co_await s.ReadExactly(14, out); !st.ok()) co_return st.error().message;
    if (Status st = co_await s.CloseStdin(); !st.ok()) co_return st.error().message;
    co_return out;
  };
  EXPECT_EQ(RunSync(io_, exchange()), "hello, attach\n");
  auto code = RunSync(io_, engine_->WaitContainer(*id, std::chrono::seconds(30)));
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, 0);
  EXPECT_TRUE(lines.empty());
}

TEST_F(DockerEngineIntegrationTest, NetworkExists) {
  auto none = RunSync(io_, engine_->NetworkExists("none"));
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(*none);
  auto nope = RunSync(io_, engine_->NetworkExists("nope-xyz-" + tag_));
  ASSERT_TRUE(nope.ok()) << nope.error().message;
  EXPECT_FALSE(*nope);
}

TEST_F(DockerEngineIntegrationTest, RemovingAMissingContainerIsOk) {
  EXPECT_TRUE(RunSync(io_, engine_->RemoveContainer("lambdex-it-missing-" + tag_, true)).ok());
}

TEST_F(DockerEngineIntegrationTest, UnknownImage) {
  auto exists = RunSync(io_, engine_->ImageExists("lambdex/no-such-image:" + tag_));
  ASSERT_TRUE(exists.ok()) << exists.error().message;
  EXPECT_FALSE(*exists);
  ContainerSpec spec = SleepSpec();
  spec.image = "lambdex/no-such-image:" + tag_;
  auto id = RunSync(io_, engine_->CreateContainer(spec));
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::kNotFound);
}

TEST(DockerEngineUnreachable, MissingSocketIsDockerUnavailable) {
  HttpEngine engine("/tmp/lambdex-it-no-daemon.sock");
  auto version = RunSync(engine.Ping());
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().code, ErrorCode::kDockerUnavailable);
  EXPECT_NE(version.error().message.find("/tmp/lambdex-it-no-daemon.sock"), std::string::npos);
}

}  // namespace
}  // namespace lambdex::docker
