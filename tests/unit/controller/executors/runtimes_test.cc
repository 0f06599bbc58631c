// Which image and bootstrap serve a function: managed runtimes, and
// PackageType=Image functions inspected through the FakeEngine.
#include "controller/executors/runtimes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
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
using lambdex::testing::RunSync;

constexpr char kImage[] = "registry.local/my-fn:1";

FunctionConfig ImageFunction() {
  FunctionConfig fn;
  fn.name = "img";
  fn.package_type = "Image";
  fn.image_uri = kImage;
  fn.code_dir = "/code/img";  // must not be mounted
  return fn;
}

docker::ImageInfo AwsBaseImageInfo() {
  docker::ImageInfo info;
  info.entrypoint = {"/lambda-entrypoint.sh"};
  info.cmd = {"app.handler"};
  info.working_dir = "/var/task";
  info.env = {"PATH=/var/lang/bin:/usr/bin", "LANG=en_US.UTF-8"};
  return info;
}

TEST(ResolveImage, ManagedRuntimeMapsToLambdexImageWithoutInspecting) {
  FakeEngine engine;
  FunctionConfig fn;
  fn.runtime = "nodejs20.x";
  auto r = RunSync(ResolveImage(engine, fn));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->image, "lambdex/nodejs:latest");
  EXPECT_EQ(r->bootstrap, (std::vector<std::string>{"/var/runtime/bootstrap"}));
  EXPECT_TRUE(r->mount_code);
  EXPECT_TRUE(engine.calls().empty());

  fn.runtime = "ruby3.3";
  auto unknown = RunSync(ResolveImage(engine, fn));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(unknown.error().message.find("ruby3.3"), std::string::npos);
}

TEST(ResolveImage, FunctionImageEntrypointAndCmdBecomeTheBootstrap) {
  FakeEngine engine;
  engine.SetImageInfo(kImage, AwsBaseImageInfo());
  auto r = RunSync(ResolveImage(engine, ImageFunction()));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->image, kImage);
  EXPECT_EQ(r->bootstrap, (std::vector<std::string>{"/lambda-entrypoint.sh", "app.handler"}));
  EXPECT_EQ(r->handler, "app.handler");
  EXPECT_FALSE(r->mount_code);
  EXPECT_EQ(r->working_dir, "/var/task");
  EXPECT_EQ(r->image_env, AwsBaseImageInfo().env);
}

TEST(ResolveImage, MissingFunctionImageIsInvalidRequestNamingIt) {
  FakeEngine engine;
  engine.RemoveImage(kImage);
  auto r = RunSync(ResolveImage(engine, ImageFunction()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(r.error().message.find(kImage), std::string::npos) << r.error().message;
}

// The resolved image all the way into the container and the exec.
TEST(ResolveImage, FunctionImageRunsUnderTheAgentWithoutCodeMount) {
  asio::io_context io;
  FakeEngine engine;
  engine.SetImageInfo(kImage, AwsBaseImageInfo());
  engine.OnAttach(lambdex::testing::OneShotAgent);
  ManualClock clock;
  DockerLaunchOptions options;
  options.agent_path = "/host/lambdex-agent";
  WarmExecutor exec(io.get_executor(),
                    std::make_unique<ExecLauncher>(io.get_executor(), engine, options), clock,
                    WarmOptions{});
  auto out = RunSync(io, exec.Invoke(ImageFunction(), InvokeInput{"r1", "x", "", "", ""}));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_TRUE(out->function_error.empty()) << out->payload;

  ASSERT_EQ(engine.created_specs().size(), 1u);
  const auto& spec = engine.created_specs().front();
  EXPECT_EQ(spec.image, kImage);
  for (const auto& m : spec.mounts) EXPECT_NE(m.target, "/var/task") << "code mounted";
  EXPECT_NE(std::find(spec.env.begin(), spec.env.end(), "_HANDLER=app.handler"), spec.env.end());
  ASSERT_EQ(engine.stdios().size(), 1u);
  EXPECT_EQ(engine.stdios()[0]->spec().cmd,
            (std::vector<std::string>{"/opt/lambdex/lambdex-agent", "--oneshot", "--",
                                      "/lambda-entrypoint.sh", "app.handler"}));
}

}  // namespace
}  // namespace lambdex
