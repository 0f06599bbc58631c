#include "controller/functions/runtimes.h"

#include <gtest/gtest.h>

namespace lambdex {
namespace {

TEST(RuntimesTest, ListAndFamilies) {
  ASSERT_NE(FindRuntime("python3.11"), nullptr);
  EXPECT_EQ(FindRuntime("python3.11")->family, RuntimeFamily::kPython);
  EXPECT_EQ(FindRuntime("nodejs20.x")->family, RuntimeFamily::kNodejs);
  EXPECT_EQ(FindRuntime("provided.al2023")->family, RuntimeFamily::kProvided);
  EXPECT_EQ(FindRuntime("go1.x")->family, RuntimeFamily::kGo);
  EXPECT_EQ(FindRuntime("java21"), nullptr);
  EXPECT_TRUE(IsSupportedRuntime("python3.13"));
  EXPECT_FALSE(IsSupportedRuntime(""));
  EXPECT_TRUE(SupportedRuntimesText().starts_with("python3.8, python3.9, "));
  EXPECT_EQ(RuntimeFamilyName(RuntimeFamily::kNodejs), "nodejs");
  for (const RuntimeInfo& r : SupportedRuntimes()) EXPECT_EQ(FindRuntime(r.name), &r);
}

}  // namespace
}  // namespace lambdex
