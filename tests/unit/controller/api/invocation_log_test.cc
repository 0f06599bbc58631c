#include "controller/api/invocation_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/unit/controller/functions/temp_dir.h"

namespace lambdex::api {
namespace {

TEST(InvocationLogTest, WarmInvocation) {
  InvokeOutput out;
  out.log_tail = "line one\nline two\n";
  out.run_duration_us = 12'340;
  out.max_memory_kb = 35 * 1024;
  EXPECT_EQ(FormatInvocationLog("req-1", "$LATEST", 128, out),
            "START RequestId: req-1 Version: $LATEST\n"
            "line one\nline two\n"
            "END RequestId: req-1\n"
            "REPORT RequestId: req-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\t"
            "Memory Size: 128 MB\tMax Memory Used: 35 MB\t\n");
}

TEST(InvocationLogTest, ColdStartHasInitDuration) {
  InvokeOutput out;
  out.log_tail = "no newline at end";
  out.run_duration_us = 999;
  out.init_duration_us = 123'454;
  out.max_memory_kb = 35 * 1024 + 1;
  EXPECT_EQ(FormatInvocationLog("r", "$LATEST", 256, out),
            "START RequestId: r Version: $LATEST\n"
            "no newline at end\n"
            "END RequestId: r\n"
            "REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\t"
            "Max Memory Used: 36 MB\tInit Duration: 123.45 ms\t\n");
}

TEST(InvocationLogTest, NoOutputAndZeroDuration) {
  InvokeOutput out;
  EXPECT_EQ(FormatInvocationLog("r", "$LATEST", 128, out),
            "START RequestId: r Version: $LATEST\n"
            "END RequestId: r\n"
            "REPORT RequestId: r\tDuration: 0.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t"
            "Max Memory Used: 0 MB\t\n");
}

TEST(InvocationLogTest, TailKeepsTheLastBytes) {
  EXPECT_EQ(LogTail("abcdef", 3), "def");
  EXPECT_EQ(LogTail("ab", 3), "ab");
  EXPECT_EQ(LogTail(std::string(5000, 'x')).size(), kLogResultBytes);
}

TEST(InvocationLogTest, AppendsToThePerFunctionFile) {
  lambdex::testing::TempDir data;
  ASSERT_TRUE(AppendFunctionLog(data.path(), "f", "one\n").ok());
  RecordInvocationLog(data.path(), "f", "two\n");
  EXPECT_EQ(FunctionLogPath(data.path(), "f"), data.path() / "logs" / "f.log");
  std::ifstream in(FunctionLogPath(data.path(), "f"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "one\ntwo\n");
}

}  // namespace
}  // namespace lambdex::api
