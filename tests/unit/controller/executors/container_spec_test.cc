#include "controller/executors/container_spec.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lambdex {
namespace {

FunctionConfig Fn() {
  FunctionConfig fn;
  fn.name = "orders";
  fn.runtime = "python3.12";
  fn.handler = "app.handler";
  fn.memory_mb = 512;
  fn.code_dir = "/data/code/orders/r1";
  fn.environment = {{"STAGE", "dev"}};
  return fn;
}

ContainerSetup TestSetup() {
  ContainerSetup s;
  s.runtime = *ImageForRuntime("python3.12");
  s.agent_host_path = "/opt/build/lambdex-agent";
  s.socket_host_dir = "/data/run/abc";
  s.network = "none";
  s.pids_limit = 256;
  s.extra_labels = {{"lambdex.test", "t1"}};
  s.owner_pid = "4242";
  s.log_stream_name = "2026/12/03/[$LATEST]00ff";
  return s;
}

bool Has(const std::vector<std::string>& env, const std::string& kv) {
  return std::find(env.begin(), env.end(), kv) != env.end();
}

TEST(ContainerSpec, StayOpenRunsTheAgentOnTheBootstrap) {
  auto spec = StayOpenContainerSpec(Fn(), TestSetup());
  EXPECT_EQ(spec.image, "lambdex/python:latest");
  EXPECT_EQ(spec.entrypoint,
            (std::vector<std::string>{kAgentInContainer, "--socket", "/lambdex/run/agent.sock",
                                      "--", "/var/runtime/bootstrap"}));
}

TEST(ContainerSpec, CodeAndAgentAreReadOnlySocketDirIsWritable) {
  auto spec = StayOpenContainerSpec(Fn(), TestSetup());
  ASSERT_EQ(spec.mounts.size(), 3u);
  EXPECT_EQ(spec.mounts[0].source, "/data/code/orders/r1");
  EXPECT_EQ(spec.mounts[0].target, "/var/task");
  EXPECT_TRUE(spec.mounts[0].read_only);
  EXPECT_EQ(spec.mounts[1].target, kAgentInContainer);
  EXPECT_TRUE(spec.mounts[1].read_only);
  EXPECT_EQ(spec.mounts[2].source, "/data/run/abc");
  EXPECT_FALSE(spec.mounts[2].read_only);
}

TEST(ContainerSpec, LimitsAndLabelsComeFromConfig) {
  auto spec = StayOpenContainerSpec(Fn(), TestSetup());
  EXPECT_EQ(spec.memory_bytes, 512LL * 1024 * 1024);
  EXPECT_EQ(spec.pids_limit, 256);
  EXPECT_EQ(spec.network_mode, "none");
  EXPECT_EQ(spec.labels.at(kLabelManaged), "true");
  EXPECT_EQ(spec.labels.at(kLabelFunction), "orders");
  EXPECT_EQ(spec.labels.at(kLabelOwnerPid), "4242");
  EXPECT_EQ(spec.labels.at("lambdex.test"), "t1");
}

TEST(ContainerSpec, EnvironmentHasWhatAwsSetsThenTheFunctions) {
  auto env = LambdaEnvironment(Fn(), TestSetup());
  for (const char* kv :
       {"AWS_LAMBDA_FUNCTION_NAME=orders", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512", "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/orders",
        "AWS_LAMBDA_LOG_STREAM_NAME=2026/12/03/[$LATEST]00ff", "AWS_REGION=us-east-1",
        "AWS_DEFAULT_REGION=us-east-1", "AWS_EXECUTION_ENV=AWS_Lambda_python3.12",
        "LAMBDA_TASK_ROOT=/var/task", "LAMBDA_RUNTIME_DIR=/var/runtime", "_HANDLER=app.handler",
        "TZ=:UTC", "STAGE=dev"}) {
    EXPECT_TRUE(Has(env, kv)) << kv;
  }
  // The function's own variables come last, so they win where they repeat one.
  EXPECT_EQ(env.back(), "STAGE=dev");
}

TEST(Runtimes, UnknownRuntimeIsInvalid) {
  auto r = ImageForRuntime("cobol85");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace lambdex
