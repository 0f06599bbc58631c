#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/unit/controller/api/api_test_env.h"

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;
using testing::ApiTestEnv;

constexpr char kInvoke[] = "/2015-03-31/functions/fn/invocations";

class InvokeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(env_.Create("fn").result_int(), 201u); }
  ApiTestEnv env_;
};

TEST_F(InvokeTest, SuccessReturnsPayload) {
  InvokeOutput out;
  out.payload = R"({"ok":true})";
  env_.executor().PushResult(out);
  HttpResponse res =
      env_.Send(http::verb::post, kInvoke, R"({"x":1})", {{"X-Amzn-Trace-Id", "Root=1-abc"}});
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(res.body(), R"({"ok":true})");
  EXPECT_EQ(res["X-Amz-Executed-Version"], "$LATEST");
  EXPECT_EQ(res.find("X-Amz-Function-Error"), res.end());
  EXPECT_EQ(res.find("X-Amz-Log-Result"), res.end());
  ASSERT_EQ(env_.executor().invocations().size(), 1u);
  const auto& call = env_.executor().invocations()[0];
  EXPECT_EQ(call.fn.name, "fn");
  EXPECT_EQ(call.input.payload, R"({"x":1})");
  EXPECT_EQ(call.input.trace_id, "Root=1-abc");
  EXPECT_EQ(call.input.request_id, res["x-amzn-RequestId"]);
}

TEST_F(InvokeTest, EmptyPayloadBecomesEmptyObject) {
  ASSERT_EQ(env_.Send(http::verb::post, kInvoke).result_int(), 200u);
  EXPECT_EQ(env_.executor().invocations().at(0).input.payload, "{}");
}

TEST_F(InvokeTest, ByArnAndQualifier) {
  EXPECT_EQ(env_.Send(http::verb::post,
                      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3A"
                      "function%3Afn/invocations?Qualifier=%24LATEST",
                      "{}")
                .result_int(),
            200u);
  EXPECT_EQ(env_.Send(http::verb::post, std::string(kInvoke) + "?Qualifier=7", "{}").result_int(),
            404u);
}

TEST_F(InvokeTest, FunctionErrorIs200WithHeader) {
  InvokeOutput out;
  out.payload = R"({"errorMessage":"bad","errorType":"ValueError"})";
  out.function_error = "Unhandled";
  env_.executor().PushResult(out);
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "{}");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res["X-Amz-Function-Error"], "Unhandled");
  EXPECT_EQ(res.body(), out.payload);
}

TEST_F(InvokeTest, LogTailIsLast4KbOfTheAwsShapedLogBase64) {
  InvokeOutput out;
  out.payload = "null";
  out.log_tail = std::string(5000, 'a') + std::string(4096, 'b');
  out.run_duration_us = 1500;
  out.max_memory_kb = 2048;
  env_.executor().PushResult(out);
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Log-Type", "Tail"}});
  ASSERT_EQ(res.result_int(), 200u);
  std::optional<std::string> log = Base64Decode(res["X-Amz-Log-Result"]);
  ASSERT_TRUE(log.has_value());
  const std::string id(res["x-amzn-RequestId"]);
  const std::string expected_end =
      "bbbb\nEND RequestId: " + id + "\nREPORT RequestId: " + id +
      "\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 2 MB\t\n";
  EXPECT_EQ(log->size(), 4096u);
  EXPECT_TRUE(log->ends_with(expected_end)) << *log;
}

TEST_F(InvokeTest, LogGoesToTheFunctionLogFileEvenWithoutTail) {
  InvokeOutput out;
  out.payload = "null";
  out.log_tail = "hello from fn\n";
  env_.executor().PushResult(out);
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "{}");
  ASSERT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.find("X-Amz-Log-Result"), res.end());
  std::ifstream in(env_.data_dir() / "logs" / "fn.log");
  std::stringstream text;
  text << in.rdbuf();
  const std::string id(res["x-amzn-RequestId"]);
  EXPECT_TRUE(text.str().starts_with("START RequestId: " + id +
                                     " Version: $LATEST\nhello from fn\nEND RequestId: " + id +
                                     "\nREPORT RequestId: " + id + "\t"))
      << text.str();
}

TEST_F(InvokeTest, ClientContextIsDecoded) {
  const std::string context = R"({"custom":{"k":"v"}})";
  ASSERT_EQ(
      env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Client-Context", Base64Encode(context)}})
          .result_int(),
      200u);
  EXPECT_EQ(env_.executor().invocations().at(0).input.client_context, context);
  EXPECT_EQ(
      env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Client-Context", "%%%"}}).result_int(),
      400u);
}

TEST_F(InvokeTest, PlatformErrorIsAwsShaped) {
  env_.executor().PushResult(MakeError(ErrorCode::kDockerUnavailable, "socket refused"));
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "{}");
  EXPECT_EQ(res.result_int(), 502u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "ServiceException");
  env_.executor().PushResult(MakeError(ErrorCode::kTooManyRequests, "Rate Exceeded."));
  EXPECT_EQ(env_.Send(http::verb::post, kInvoke, "{}").result_int(), 429u);
}

TEST_F(InvokeTest, TooLarge) {
  HttpResponse res =
      env_.Send(http::verb::post, kInvoke, "\"" + std::string(6'291'456, 'x') + "\"");
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "RequestTooLargeException");
  EXPECT_TRUE(env_.executor().invocations().empty());
}

TEST_F(InvokeTest, NotJson) {
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "not json");
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "InvalidRequestContentException");
  EXPECT_TRUE(env_.executor().invocations().empty());
}

TEST_F(InvokeTest, DryRunChecksOnly) {
  HttpResponse res =
      env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(res.result_int(), 204u);
  EXPECT_TRUE(env_.executor().invocations().empty());
  EXPECT_EQ(env_.Send(http::verb::post, "/2015-03-31/functions/nope/invocations", "{}",
                      {{"X-Amz-Invocation-Type", "DryRun"}})
                .result_int(),
            404u);
}

TEST_F(InvokeTest, EventRunsInBackground) {
  HttpResponse res =
      env_.Send(http::verb::post, kInvoke, R"({"e":1})", {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(res.result_int(), 202u);
  EXPECT_TRUE(res.body().empty());
  ASSERT_EQ(env_.executor().invocations().size(), 1u);  // ran once the io_context ran on
  EXPECT_EQ(env_.executor().invocations()[0].input.payload, R"({"e":1})");
}

TEST_F(InvokeTest, BadInvocationOrLogType) {
  EXPECT_EQ(
      env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Invocation-Type", "Later"}}).result_int(),
      400u);
  EXPECT_EQ(env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Log-Type", "All"}}).result_int(),
            400u);
}

TEST_F(InvokeTest, UnknownFunction) {
  HttpResponse res = env_.Send(http::verb::post, "/2015-03-31/functions/ghost/invocations", "{}");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "ResourceNotFoundException");
}

}  // namespace
}  // namespace lambdex::api
