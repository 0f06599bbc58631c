#include "tests/fakes/fake_engine.h"

#include <gtest/gtest.h>

#include "tests/unit/controller/docker/run_sync.h"

namespace lambdex::docker {
namespace {
using lambdex::testing::RunSync;
using Op = FakeEngine::Op;

ContainerSpec Spec(std::string name = "") {
  ContainerSpec spec;
  spec.name = std::move(name);
  spec.image = "lambdex/python:latest";
  spec.labels = {{"lambdex.function", "hello"}};
  return spec;
}

TEST(FakeEngine, LifecycleIsRecorded) {
  FakeEngine engine;
  auto id = RunSync(engine.CreateContainer(Spec("c1")));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(RunSync(engine.StartContainer(*id)).ok());
  auto info = RunSync(engine.InspectContainer(*id));
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->name, "c1");
  EXPECT_EQ(engine.RunningCount(), 1);
  ASSERT_EQ(engine.created_specs().size(), 1u);
  EXPECT_EQ(engine.created_specs()[0].image, "lambdex/python:latest");

  ASSERT_TRUE(RunSync(engine.StopContainer(*id, 1)).ok());
  EXPECT_EQ(engine.RunningCount(), 0);
  ASSERT_TRUE(RunSync(engine.RemoveContainer(*id, false)).ok());
  EXPECT_TRUE(engine.containers().empty());
  EXPECT_TRUE(RunSync(engine.RemoveContainer(*id, true)).ok());  // gone is fine
  EXPECT_EQ(engine.calls(), (std::vector<Op>{Op::kCreate, Op::kStart, Op::kInspect, Op::kStop,
                                             Op::kRemove, Op::kRemove}));
}

TEST(FakeEngine, FailNextFailsOnlyTheNextMatchingCall) {
  FakeEngine engine;
  engine.FailNext(ErrorCode::kInternal, Op::kStart);
  auto id = RunSync(engine.CreateContainer(Spec()));
  ASSERT_TRUE(id.ok());
  auto first = RunSync(engine.StartContainer(*id));
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(RunSync(engine.StartContainer(*id)).ok());

  engine.FailNext(ErrorCode::kDockerUnavailable);
  EXPECT_EQ(RunSync(engine.Ping()).error().code, ErrorCode::kDockerUnavailable);
  EXPECT_TRUE(RunSync(engine.Ping()).ok());
}

TEST(FakeEngine, MarkDeadShowsInInspectAndList) {
  FakeEngine engine;
  auto id = RunSync(engine.CreateContainer(Spec()));
  ASSERT_TRUE(RunSync(engine.StartContainer(*id)).ok());
  ASSERT_TRUE(engine.MarkDead(*id, 137, true));
  auto info = RunSync(engine.InspectContainer(*id));
  EXPECT_FALSE(info->running);
  EXPECT_TRUE(info->oom_killed);
  EXPECT_EQ(info->exit_code, 137);
  EXPECT_FALSE(engine.MarkDead("nope"));
}

TEST(FakeEngine, ListFiltersByEveryLabel) {
  FakeEngine engine;
  ContainerSpec a = Spec();
  a.labels["lambdex.revision"] = "1";
  ContainerSpec b = Spec();
  b.labels["lambdex.revision"] = "2";
  ASSERT_TRUE(RunSync(engine.CreateContainer(a)).ok());
  ASSERT_TRUE(RunSync(engine.CreateContainer(b)).ok());
  EXPECT_EQ(RunSync(engine.ListContainers({{"lambdex.function", "hello"}}))->size(), 2u);
  auto only_b = RunSync(engine.ListContainers({{"lambdex.revision", "2"}}));
  ASSERT_EQ(only_b->size(), 1u);
  EXPECT_EQ((*only_b)[0].labels.at("lambdex.revision"), "2");
}

TEST(FakeEngine, NameConflictsMissingImagesAndUnavailable) {
  FakeEngine engine;
  ASSERT_TRUE(RunSync(engine.CreateContainer(Spec("dup"))).ok());
  EXPECT_EQ(RunSync(engine.CreateContainer(Spec("dup"))).error().code, ErrorCode::kConflict);

  engine.RemoveImage("lambdex/python:latest");
  EXPECT_FALSE(*RunSync(engine.ImageExists("lambdex/python:latest")));
  EXPECT_EQ(RunSync(engine.CreateContainer(Spec())).error().code, ErrorCode::kNotFound);

  engine.SetUnavailable(true);
  EXPECT_EQ(RunSync(engine.ListContainers({})).error().code, ErrorCode::kDockerUnavailable);
}

TEST(FakeEngine, ExecNeedsARunningContainerAndCanBeFinished) {
  FakeEngine engine;
  auto id = RunSync(engine.CreateContainer(Spec()));
  ExecSpec spec;
  spec.cmd = {"agent"};
  EXPECT_EQ(RunSync(engine.CreateExec(*id, spec)).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(RunSync(engine.StartContainer(*id)).ok());
  auto exec = RunSync(engine.CreateExec(*id, spec));
  ASSERT_TRUE(exec.ok());
  ASSERT_TRUE(RunSync(engine.StartExec(*exec)).ok());
  EXPECT_TRUE(RunSync(engine.InspectExec(*exec))->running);
  ASSERT_TRUE(engine.FinishExec(*exec, 2));
  auto info = RunSync(engine.InspectExec(*exec));
  EXPECT_FALSE(info->running);
  EXPECT_EQ(info->exit_code, 2);
  EXPECT_EQ(engine.execs().at(*exec).spec.cmd, spec.cmd);
}

}  // namespace
}  // namespace lambdex::docker
