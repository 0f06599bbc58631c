#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <fstream>
#include <sstream>

#include "tests/unit/controller/api/api_test_env.h"

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;
using testing::ApiTestEnv;

constexpr char kInvoke[] = "/2015-03-31/functions/fn/invocations";

InvokeOutput FunctionError() {
  InvokeOutput out;
  out.payload = R"({"errorMessage":"boom","errorType":"RuntimeError"})";
  out.function_error = "Unhandled";
  out.error_type = "RuntimeError";
  return out;
}

class EventQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(env_.Create("fn").result_int(), 201u);
    env_.ctx().async.retry_delays = {10ms, 20ms};
    env_.ctx().async.throttle_backoff_initial = 1ms;
    env_.ctx().async.throttle_backoff_max = 4ms;
  }
  HttpResponse SendEvent() {
    return env_.Send(http::verb::post, kInvoke, R"({"e":1})", {{"X-Amz-Invocation-Type", "Event"}});
  }
  std::string FunctionLogText() {
    std::ifstream in(env_.data_dir() / "logs" / "fn.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  static int Count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1))
      ++n;
    return n;
  }
  ApiTestEnv env_;
};

TEST_F(EventQueueTest, FunctionErrorIsTriedThreeTimesWithTheDelays) {
  for (int i = 0; i < 3; ++i) env_.executor().PushResult(FunctionError());
  const auto start = std::chrono::steady_clock::now();
  HttpResponse res = SendEvent();  // runs the io_context until the event is done
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(res.result_int(), 202u);
  const auto& calls = env_.executor().invocations();
  ASSERT_EQ(calls.size(), 3u);
  for (const auto& call : calls) {
    EXPECT_EQ(call.input.request_id, res["x-amzn-RequestId"]);  // one event, one request id
    EXPECT_EQ(call.input.payload, R"({"e":1})");
  }
  EXPECT_EQ(Count(FunctionLogText(), "START RequestId: " + std::string(res["x-amzn-RequestId"])),
            3);
  EXPECT_EQ(env_.ctx().events.Queued("fn"), 0u);
}

TEST_F(EventQueueTest, SuccessOnSecondAttemptStops) {
  env_.executor().PushResult(FunctionError());
  InvokeOutput ok;
  ok.payload = "null";
  env_.executor().PushResult(ok);
  EXPECT_EQ(SendEvent().result_int(), 202u);
  EXPECT_EQ(env_.executor().invocations().size(), 2u);
}

TEST_F(EventQueueTest, SuccessAtOnceRunsOnce) {
  EXPECT_EQ(SendEvent().result_int(), 202u);
  EXPECT_EQ(env_.executor().invocations().size(), 1u);
}

TEST_F(EventQueueTest, PlatformErrorsAreRetriedToo) {
  for (int i = 0; i < 3; ++i) {
    env_.executor().PushResult(MakeError(ErrorCode::kContainerDied, "gone"));
  }
  EXPECT_EQ(SendEvent().result_int(), 202u);
  EXPECT_EQ(env_.executor().invocations().size(), 3u);
}

TEST_F(EventQueueTest, ExecutorThrottlingIsNotAnAttempt) {
  env_.executor().PushResult(MakeError(ErrorCode::kTooManyRequests, "busy"));
  env_.executor().PushResult(MakeError(ErrorCode::kTooManyRequests, "busy"));
  for (int i = 0; i < 3; ++i) env_.executor().PushResult(FunctionError());
  EXPECT_EQ(SendEvent().result_int(), 202u);
  EXPECT_EQ(env_.executor().invocations().size(), 5u);  // 2 throttled + 3 attempts
}

TEST_F(EventQueueTest, ReservedZeroHoldsTheEventUntilMaxAge) {
  env_.ctx().async.max_event_age = 30ms;
  ASSERT_EQ(env_.Send(http::verb::put, "/2017-10-31/functions/fn/concurrency",
                      R"({"ReservedConcurrentExecutions":0})")
                .result_int(),
            200u);
  EXPECT_EQ(SendEvent().result_int(), 202u);  // accepted, as AWS does
  EXPECT_TRUE(env_.executor().invocations().empty());
  EXPECT_EQ(env_.ctx().events.Queued("fn"), 0u);
}

TEST_F(EventQueueTest, QueueIsBounded) {
  env_.ctx().async.max_queued = 2;
  env_.executor().set_delay(30ms);
  std::vector<HttpResponse> res(3);
  boost::asio::io_context io;
  for (int i = 0; i < 3; ++i) {
    HttpRequest r{http::verb::post, kInvoke, 11};
    r.set("X-Amz-Invocation-Type", "Event");
    r.body() = "{}";
    r.prepare_payload();
    boost::asio::co_spawn(
        io, env_.Handle(std::move(r)),
        [&res, i](std::exception_ptr, HttpResponse out) { res[i] = std::move(out); });
  }
  io.run();
  EXPECT_EQ(res[0].result_int(), 202u);
  EXPECT_EQ(res[1].result_int(), 202u);
  EXPECT_EQ(res[2].result_int(), 429u);
  EXPECT_EQ(res[2]["x-amzn-ErrorType"], "TooManyRequestsException");
  EXPECT_EQ(env_.executor().invocations().size(), 2u);
}

TEST_F(EventQueueTest, DeletingTheFunctionDropsItsEvents) {
  env_.ctx().async.retry_delays = {10s, 10s};  // would keep the io_context busy
  for (int i = 0; i < 3; ++i) env_.executor().PushResult(FunctionError());
  boost::asio::io_context io;
  HttpResponse event, deleted;
  HttpRequest r{http::verb::post, kInvoke, 11};
  r.set("X-Amz-Invocation-Type", "Event");
  r.prepare_payload();
  boost::asio::co_spawn(io, env_.Handle(std::move(r)),
                        [&](std::exception_ptr, HttpResponse out) { event = std::move(out); });
  boost::asio::steady_timer later(io, 20ms);
  later.async_wait([&](boost::system::error_code) {
    HttpRequest d{http::verb::delete_, "/2015-03-31/functions/fn", 11};
    boost::asio::co_spawn(io, env_.Handle(std::move(d)),
                          [&](std::exception_ptr, HttpResponse out) { deleted = std::move(out); });
  });
  const auto start = std::chrono::steady_clock::now();
  io.run();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(event.result_int(), 202u);
  EXPECT_EQ(deleted.result_int(), 204u);
  EXPECT_EQ(env_.executor().invocations().size(), 1u);
  EXPECT_EQ(env_.ctx().events.Queued("fn"), 0u);
}

TEST_F(EventQueueTest, RecreatedFunctionDoesNotRunOldEvents) {
  env_.ctx().async.retry_delays = {50ms, 50ms};
  for (int i = 0; i < 3; ++i) env_.executor().PushResult(FunctionError());
  boost::asio::io_context io;
  HttpRequest r{http::verb::post, kInvoke, 11};
  r.set("X-Amz-Invocation-Type", "Event");
  r.prepare_payload();
  boost::asio::co_spawn(io, env_.Handle(std::move(r)), [](std::exception_ptr, HttpResponse) {});
  boost::asio::steady_timer later(io, 10ms);
  later.async_wait([&](boost::system::error_code) {
    env_.ctx().events.Drop("fn");  // as DeleteFunction does, then a new "fn" comes
  });
  io.run();
  EXPECT_EQ(env_.executor().invocations().size(), 1u);
}

}  // namespace
}  // namespace lambdex::api
