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

TEST(FakeEngine, AttachedContainerRunsAScriptedProcess) {
  FakeEngine engine;
  ContainerSpec spec = Spec();
  spec.open_stdin = true;
  auto id = RunSync(engine.CreateContainer(spec));
  // A `cat` that exits 0 when stdin closes.
  engine.OnAttach([](FakeStdio& p) {
    p.on_stdin = [](FakeStdio& p) {
      if (p.stdin_closed()) {
        p.WriteStdout(p.stdin_bytes());
        p.Exit(0);
      }
    };
  });
  std::vector<std::string> lines;
  auto stream =
      RunSync(engine.AttachContainer(*id, [&](std::string_view l) { lines.emplace_back(l); }));
  ASSERT_TRUE(stream.ok());
  ASSERT_TRUE(RunSync(engine.StartContainer(*id)).ok());
  ASSERT_TRUE(RunSync((*stream)->Write("abc")).ok());
  EXPECT_EQ(RunSync(engine.WaitContainer(*id, std::chrono::seconds(1))).error().code,
            ErrorCode::kTimeout);  // still running: the fake never waits
  ASSERT_TRUE(RunSync((*stream)->CloseStdin()).ok());
  std::string out;
  ASSERT_TRUE(RunSync((*stream)->ReadExactly(3, out)).ok());
  EXPECT_EQ(out, "abc");
  EXPECT_EQ(RunSync((*stream)->ReadExactly(1, out)).error().code, ErrorCode::kContainerDied);
  EXPECT_EQ(RunSync((*stream)->Write("x")).error().code, ErrorCode::kContainerDied);
  EXPECT_EQ(*RunSync(engine.WaitContainer(*id, std::chrono::seconds(1))), 0);
  EXPECT_FALSE(engine.Find(*id)->info.running);

  ASSERT_EQ(engine.stdios().size(), 1u);
  const FakeStdio& p = *engine.stdios()[0];
  EXPECT_EQ(p.kind(), FakeStdio::Kind::kAttach);
  EXPECT_EQ(p.container_id(), *id);
  EXPECT_FALSE(p.closed());
  stream->reset();
  EXPECT_TRUE(p.closed());
}

TEST(FakeEngine, ExecAttachedAndFailures) {
  FakeEngine engine;
  auto id = RunSync(engine.CreateContainer(Spec()));
  ExecSpec spec;
  spec.cmd = {"agent", "--oneshot"};
  EXPECT_EQ(RunSync(engine.ExecAttached(*id, spec, nullptr)).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(RunSync(engine.StartContainer(*id)).ok());
  engine.FailNext(ErrorCode::kDockerUnavailable, Op::kExecAttached);
  EXPECT_EQ(RunSync(engine.ExecAttached(*id, spec, nullptr)).error().code,
            ErrorCode::kDockerUnavailable);
  auto exec = RunSync(engine.ExecAttached(*id, spec, nullptr));
  ASSERT_TRUE(exec.ok());
  EXPECT_TRUE(RunSync(engine.InspectExec(exec->exec_id))->running);
  engine.stdios().back()->Exit(3);
  EXPECT_EQ(RunSync(engine.InspectExec(exec->exec_id))->exit_code, 3);
  EXPECT_EQ(engine.stdios().back()->spec().cmd, spec.cmd);
  EXPECT_EQ(RunSync(engine.AttachContainer("missing", nullptr)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RunSync(engine.WaitContainer("missing", std::chrono::seconds(1))).error().code,
            ErrorCode::kNotFound);
}

TEST(FakeEngine, Networks) {
  FakeEngine engine;
  EXPECT_TRUE(*RunSync(engine.NetworkExists("none")));
  EXPECT_TRUE(*RunSync(engine.NetworkExists("bridge")));
  engine.RemoveNetwork("bridge");
  EXPECT_FALSE(*RunSync(engine.NetworkExists("bridge")));
  EXPECT_EQ(engine.CallCount(Op::kNetworkExists), 3);
}

}  // namespace
}  // namespace lambdex::docker
