#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agent/core/function_error.h"
#include "agent/runtime_api/handlers.h"
#include "agent/runtime_api/router.h"

namespace lambdex::agent::runtime_api {
namespace {

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";

TEST(RouterTest, Routes) {
  EXPECT_TRUE(std::holds_alternative<NextRoute>(RouteRequest("GET", kNext)));
  EXPECT_TRUE(std::holds_alternative<NotFoundRoute>(RouteRequest("POST", kNext)));
  auto r = RouteRequest("POST", "/2018-06-01/runtime/invocation/abc-1/response");
  ASSERT_TRUE(std::holds_alternative<ResponseRoute>(r));
  EXPECT_EQ(std::get<ResponseRoute>(r).request_id, "abc-1");
  auto e = RouteRequest("POST", "/2018-06-01/runtime/invocation/abc-1/error");
  ASSERT_TRUE(std::holds_alternative<ErrorRoute>(e));
  EXPECT_EQ(std::get<ErrorRoute>(e).request_id, "abc-1");
  EXPECT_TRUE(std::holds_alternative<InitErrorRoute>(
      RouteRequest("POST", "/2018-06-01/runtime/init/error")));
  EXPECT_TRUE(
      std::holds_alternative<NotFoundRoute>(RouteRequest("GET", "/2018-06-01/runtime/init/error")));
  EXPECT_TRUE(std::holds_alternative<NotFoundRoute>(
      RouteRequest("POST", "/2018-06-01/runtime/invocation//response")));
  EXPECT_TRUE(std::holds_alternative<NotFoundRoute>(
      RouteRequest("POST", "/2018-06-01/runtime/invocation/a/b/c")));
  EXPECT_TRUE(std::holds_alternative<NotFoundRoute>(RouteRequest("GET", "/")));
  EXPECT_TRUE(std::holds_alternative<NextRoute>(
      RouteRequest("GET", "/2018-06-01/runtime/invocation/next?x=1")));
}

class DispatchTest : public ::testing::Test {
 protected:
  void SetUp() override { machine_.RuntimeStarted(0); }

  ApiOutcome Send(std::string_view method, std::string_view target, std::string_view body = "",
                  std::string_view error_type = "") {
    return Dispatch(machine_, HttpRequestView{method, target, body, error_type}, ++now_);
  }
  // Submits "req-1" and delivers it via GET /next.
  void Deliver() {
    lambdex::link::InvokeRequest r;
    r.set_request_id("req-1");
    r.set_payload("payload");
    r.set_deadline_unix_ms(1700000000123);
    r.set_invoked_function_arn("arn:aws:lambda:us-east-1:000000000000:function:f");
    r.set_trace_id("Root=1-abc");
    r.set_client_context(R"({"custom":1})");
    ASSERT_TRUE(machine_.Submit(r, ++now_).ok());
    ApiOutcome next = Send("GET", kNext);
    ASSERT_TRUE(std::holds_alternative<HttpReply>(next.reply));
    delivered_ = std::get<HttpReply>(next.reply);
  }
  static const HttpReply& Reply(const ApiOutcome& o) { return std::get<HttpReply>(o.reply); }

  InvocationMachine machine_;
  Micros now_ = 0;
  HttpReply delivered_;
};

TEST_F(DispatchTest, NextParksWhenIdle) {
  ApiOutcome o = Send("GET", kNext);
  EXPECT_TRUE(std::holds_alternative<ParkNext>(o.reply));
}

TEST_F(DispatchTest, NextDeliversPayloadAndHeaders) {
  Deliver();
  EXPECT_EQ(delivered_.status, 200u);
  EXPECT_EQ(delivered_.body, "payload");
  auto header = [&](const std::string& name) -> std::string {
    for (const auto& [k, v] : delivered_.headers)
      if (k == name) return v;
    return "<absent>";
  };
  EXPECT_EQ(header("Lambda-Runtime-Aws-Request-Id"), "req-1");
  EXPECT_EQ(header("Lambda-Runtime-Deadline-Ms"), "1700000000123");
  EXPECT_EQ(header("Lambda-Runtime-Invoked-Function-Arn"),
            "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_EQ(header("Lambda-Runtime-Trace-Id"), "Root=1-abc");
  EXPECT_EQ(header("Lambda-Runtime-Client-Context"), R"({"custom":1})");
  EXPECT_EQ(header("Lambda-Runtime-Cognito-Identity"), "<absent>");
}

TEST_F(DispatchTest, ResponseIsAccepted) {
  Deliver();
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/response", "result");
  EXPECT_EQ(Reply(o).status, 202u);
  EXPECT_EQ(Reply(o).body, R"({"status":"OK"})");
  ASSERT_TRUE(o.effects.result.has_value());
  EXPECT_EQ(o.effects.result->response(), "result");
}

TEST_F(DispatchTest, ResponseBodyMovesOutOfTheServersStorage) {
  Deliver();
  std::string storage(1000, 'r');
  const HttpRequestView view{"POST", "/2018-06-01/runtime/invocation/req-1/response", storage, "",
                             &storage};
  ApiOutcome out = Dispatch(machine_, view, ++now_);
  EXPECT_EQ(Reply(out).status, 202u);
  ASSERT_TRUE(out.effects.result.has_value());
  EXPECT_EQ(out.effects.result->response(), std::string(1000, 'r'));
  EXPECT_TRUE(storage.empty());  // moved, not copied
}

TEST_F(DispatchTest, WrongIdIs400AndLeavesInvocationOpen) {
  Deliver();
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/other/response", "x");
  EXPECT_EQ(Reply(o).status, 400u);
  EXPECT_FALSE(o.effects.result.has_value());
  auto doc = boost::json::parse(Reply(o).body);
  EXPECT_TRUE(doc.as_object().contains("errorType"));
  EXPECT_TRUE(machine_.has_current());
}

TEST_F(DispatchTest, LateResponseIs400) {
  Deliver();
  ASSERT_EQ(Reply(Send("POST", "/2018-06-01/runtime/invocation/req-1/response", "x")).status, 202u);
  ApiOutcome late = Send("POST", "/2018-06-01/runtime/invocation/req-1/response", "y");
  EXPECT_EQ(Reply(late).status, 400u);
  EXPECT_FALSE(late.effects.result.has_value());
}

TEST_F(DispatchTest, OversizeResponseIs413AndResponseSizeTooLarge) {
  Deliver();
  const std::string big(kMaxResponseBytes + 1, 'x');
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/response", big);
  EXPECT_EQ(Reply(o).status, 413u);
  ASSERT_TRUE(o.effects.result.has_value());
  EXPECT_EQ(o.effects.result->error().type(), "Function.ResponseSizeTooLarge");
  EXPECT_EQ(o.effects.result->error().message(),
            "Response payload size exceeded maximum allowed payload size (6291556 bytes).");
}

TEST_F(DispatchTest, ResponseAtTheLimitIsAccepted) {
  Deliver();
  const std::string edge(kMaxResponseBytes, 'x');
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/response", edge);
  EXPECT_EQ(Reply(o).status, 202u);
  EXPECT_EQ(o.effects.result->response().size(), kMaxResponseBytes);
}

TEST_F(DispatchTest, ErrorTypeFromBody) {
  Deliver();
  const std::string body =
      R"({"errorMessage":"division by zero","errorType":"ZeroDivisionError","stackTrace":[]})";
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/error", body, "Header.Type");
  EXPECT_EQ(Reply(o).status, 202u);
  ASSERT_TRUE(o.effects.result.has_value());
  EXPECT_EQ(o.effects.result->error().type(), "ZeroDivisionError");
  EXPECT_EQ(o.effects.result->error().message(), "division by zero");
  EXPECT_EQ(o.effects.result->error().body(), body);
}

TEST_F(DispatchTest, ErrorTypeFromHeaderThenUnhandled) {
  Deliver();
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/error",
                      R"({"errorMessage":"m"})", "Custom.Type");
  EXPECT_EQ(o.effects.result->error().type(), "Custom.Type");
  EXPECT_EQ(FunctionErrorFromPost("{}", "").type(), "Unhandled");
}

TEST_F(DispatchTest, NonJsonErrorBodyIsWrapped) {
  Deliver();
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/invocation/req-1/error", "plain text");
  const auto& err = o.effects.result->error();
  EXPECT_EQ(err.type(), "Unhandled");
  auto doc = boost::json::parse(err.body()).as_object();
  EXPECT_EQ(doc.at("errorMessage").as_string(), "plain text");
  EXPECT_EQ(doc.at("errorType").as_string(), "Unhandled");
}

TEST_F(DispatchTest, ErrorForWrongIdIs400) {
  Deliver();
  EXPECT_EQ(Reply(Send("POST", "/2018-06-01/runtime/invocation/nope/error", "{}")).status, 400u);
}

TEST_F(DispatchTest, InitErrorIsAcceptedAndAnswersPendingInvoke) {
  lambdex::link::InvokeRequest r;
  r.set_request_id("req-9");
  ASSERT_TRUE(machine_.Submit(r, ++now_).ok());
  ApiOutcome o = Send("POST", "/2018-06-01/runtime/init/error",
                      R"({"errorMessage":"bad handler","errorType":"Runtime.HandlerNotFound"})");
  EXPECT_EQ(Reply(o).status, 202u);
  ASSERT_TRUE(o.effects.result.has_value());
  EXPECT_EQ(o.effects.result->request_id(), "req-9");
  EXPECT_EQ(o.effects.result->error().type(), "Runtime.HandlerNotFound");
}

TEST_F(DispatchTest, UnknownPathIs404) {
  EXPECT_EQ(Reply(Send("GET", "/2018-06-01/runtime/foo")).status, 404u);
  EXPECT_EQ(Reply(Send("DELETE", "/2018-06-01/runtime/invocation/x/response")).status, 404u);
}

}  // namespace
}  // namespace lambdex::agent::runtime_api
