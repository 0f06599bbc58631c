#include "controller/executors/invoke_result.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lambdex {
namespace {

TEST(InvokeResult, RequestCarriesDeadlineArnAndContext) {
  FunctionConfig fn;
  fn.name = "f";
  fn.timeout_s = 7;
  InvokeInput in{"rid", "{\"a\":1}", "Root=1-abc", "{\"custom\":{}}", ""};
  auto req = MakeInvokeRequest(fn, in, 1'000'000);
  EXPECT_EQ(req.request_id(), "rid");
  EXPECT_EQ(req.payload(), "{\"a\":1}");
  EXPECT_EQ(req.deadline_unix_ms(), 1'007'000);
  EXPECT_EQ(req.timeout_ms(), 7000u);
  EXPECT_EQ(req.invoked_function_arn(), "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(req.trace_id(), "Root=1-abc");
  EXPECT_EQ(req.client_context(), "{\"custom\":{}}");
}

TEST(InvokeResult, SuccessKeepsPayloadAndMetrics) {
  link::InvokeResult r;
  r.set_request_id("rid");
  r.set_response("{\"ok\":true}");
  r.set_log_tail("hello\n");
  r.set_init_duration_us(1500);
  r.set_max_memory_kb(20480);
  auto out = ToInvokeOutput(r);
  EXPECT_EQ(out.payload, "{\"ok\":true}");
  EXPECT_TRUE(out.function_error.empty());
  EXPECT_EQ(out.log_tail, "hello\n");
  EXPECT_EQ(out.init_duration_us, 1500u);
  EXPECT_EQ(out.max_memory_kb, 20480u);
}

TEST(InvokeResult, FunctionErrorIsUnhandledWithTheRuntimesBody) {
  link::InvokeResult r;
  r.mutable_error()->set_type("ValueError");
  r.mutable_error()->set_message("bad");
  r.mutable_error()->set_body(
      "{\"errorMessage\":\"bad\",\"errorType\":\"ValueError\",\"stackTrace\":[]}");
  auto out = ToInvokeOutput(r);
  EXPECT_EQ(out.function_error, "Unhandled");
  EXPECT_EQ(out.error_type, "ValueError");
  EXPECT_EQ(out.payload, r.error().body());
}

TEST(InvokeResult, ErrorWithoutBodyGetsADocument) {
  link::InvokeResult r;
  r.mutable_error()->set_type("Sandbox.Timedout");
  r.mutable_error()->set_message("Task timed out after 1.00 seconds");
  auto doc = boost::json::parse(ToInvokeOutput(r).payload).as_object();
  EXPECT_EQ(doc.at("errorType").as_string(), "Sandbox.Timedout");
  EXPECT_EQ(doc.at("errorMessage").as_string(), "Task timed out after 1.00 seconds");
}

TEST(InvokeResult, LostEnvironmentIsOutOfMemoryWhenOomKilled) {
  auto oom = LostEnvironmentOutput("rid", true, Error{ErrorCode::kContainerDied, "closed"});
  EXPECT_EQ(oom.function_error, "Unhandled");
  EXPECT_EQ(oom.error_type, "Runtime.OutOfMemory");
  auto died = LostEnvironmentOutput("rid", false, Error{ErrorCode::kContainerDied, "closed"});
  EXPECT_EQ(died.error_type, "Runtime.ExitError");
  auto doc = boost::json::parse(died.payload).as_object();
  EXPECT_NE(std::string(doc.at("errorMessage").as_string()).find("RequestId: rid"),
            std::string::npos);
}

}  // namespace
}  // namespace lambdex
