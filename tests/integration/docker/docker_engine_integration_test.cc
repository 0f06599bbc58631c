// HttpEngine against the real daemon. Every container carries the label
// lambdex.test=<random> and is removed by that label in TearDown.
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

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
