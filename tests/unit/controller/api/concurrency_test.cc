#include <gtest/gtest.h>

#include "controller/api/concurrency_tracker.h"
#include "controller/api/router.h"
#include "tests/unit/controller/api/api_test_env.h"

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;
using testing::ApiTestEnv;
using testing::Json;

constexpr char kPut[] = "/2017-10-31/functions/fn/concurrency";
constexpr char kGet[] = "/2019-09-30/functions/fn/concurrency";
constexpr char kInvoke[] = "/2015-03-31/functions/fn/invocations";

TEST(ConcurrencyRouteTest, AwsPaths) {
  EXPECT_EQ(RouteRequest("PUT", kPut).operation, Operation::kPutFunctionConcurrency);
  EXPECT_EQ(RouteRequest("DELETE", kPut).operation, Operation::kDeleteFunctionConcurrency);
  EXPECT_EQ(RouteRequest("GET", kGet).operation, Operation::kGetFunctionConcurrency);
  EXPECT_EQ(RouteRequest("GET", kGet).function_name, "fn");
  EXPECT_EQ(RouteRequest("GET", kPut).operation, Operation::kUnknown);  // wrong API date
  EXPECT_EQ(RouteRequest("PUT", kGet).operation, Operation::kUnknown);
  EXPECT_EQ(RouteRequest("PUT", "/2015-03-31/functions/fn/concurrency").operation,
            Operation::kUnknown);
}

TEST(ConcurrencyTrackerTest, SlotsAreCountedAndReleased) {
  ConcurrencyTracker tracker;
  auto a = tracker.TryAcquire("f", 2);
  auto b = tracker.TryAcquire("f", 2);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(tracker.InFlight("f"), 2);
  EXPECT_FALSE(tracker.TryAcquire("f", 2));
  EXPECT_TRUE(tracker.TryAcquire("other", 2));  // per function
  a.reset();
  EXPECT_EQ(tracker.InFlight("f"), 1);
  EXPECT_TRUE(tracker.TryAcquire("f", 2));
  EXPECT_FALSE(tracker.TryAcquire("g", 0));
  EXPECT_TRUE(tracker.TryAcquire("g", std::nullopt));
  ConcurrencyTracker::Slot moved = std::move(*b);
  b.reset();
  EXPECT_EQ(tracker.InFlight("f"), 1);
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(env_.Create("fn").result_int(), 201u); }
  HttpResponse Put(const std::string& body) { return env_.Send(http::verb::put, kPut, body); }
  ApiTestEnv env_;
};

TEST_F(ConcurrencyTest, PutGetDelete) {
  HttpResponse got = env_.Send(http::verb::get, kGet);
  ASSERT_EQ(got.result_int(), 200u);
  EXPECT_TRUE(Json(got).empty());
  const std::string before =
      std::string(Json(env_.Send(http::verb::get, "/2015-03-31/functions/fn"))
                      .at("Configuration")
                      .at("RevisionId")
                      .as_string());

  HttpResponse put = Put(R"({"ReservedConcurrentExecutions":5})");
  ASSERT_EQ(put.result_int(), 200u) << put.body();
  EXPECT_EQ(Json(put).at("ReservedConcurrentExecutions").as_int64(), 5);
  EXPECT_EQ(Json(env_.Send(http::verb::get, kGet)).at("ReservedConcurrentExecutions").as_int64(),
            5);
  boost::json::object fn = Json(env_.Send(http::verb::get, "/2015-03-31/functions/fn"));
  EXPECT_EQ(fn.at("Concurrency").at("ReservedConcurrentExecutions").as_int64(), 5);
  EXPECT_EQ(fn.at("Configuration").at("RevisionId").as_string(), before);

  EXPECT_EQ(env_.Send(http::verb::delete_, kPut).result_int(), 204u);
  EXPECT_TRUE(Json(env_.Send(http::verb::get, kGet)).empty());
  EXPECT_FALSE(
      Json(env_.Send(http::verb::get, "/2015-03-31/functions/fn")).contains("Concurrency"));
}

TEST_F(ConcurrencyTest, PutValidates) {
  EXPECT_EQ(Put(R"({"ReservedConcurrentExecutions":-1})").result_int(), 400u);
  EXPECT_EQ(Put(R"({})").result_int(), 400u);
  EXPECT_EQ(Put(R"({"ReservedConcurrentExecutions":"3"})").result_int(), 400u);
  EXPECT_EQ(Put("nope")["x-amzn-ErrorType"], "InvalidRequestContentException");
  HttpResponse too_many = Put(R"({"ReservedConcurrentExecutions":901})");
  EXPECT_EQ(too_many.result_int(), 400u);
  EXPECT_EQ(too_many["x-amzn-ErrorType"], "InvalidParameterValueException");
  EXPECT_EQ(Put(R"({"ReservedConcurrentExecutions":900})").result_int(), 200u);
  ASSERT_EQ(env_.Create("other").result_int(), 201u);
  EXPECT_EQ(env_.Send(http::verb::put, "/2017-10-31/functions/other/concurrency",
                      R"({"ReservedConcurrentExecutions":1})")
                .result_int(),
            400u);  // 900 already reserved by fn
  EXPECT_EQ(env_.Send(http::verb::put, "/2017-10-31/functions/ghost/concurrency",
                      R"({"ReservedConcurrentExecutions":1})")
                .result_int(),
            404u);
}

TEST_F(ConcurrencyTest, ZeroThrottlesEveryCall) {
  ASSERT_EQ(Put(R"({"ReservedConcurrentExecutions":0})").result_int(), 200u);
  HttpResponse res = env_.Send(http::verb::post, kInvoke, "{}");
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "TooManyRequestsException");
  boost::json::object body = Json(res);
  EXPECT_EQ(body.at("message").as_string(), "Rate Exceeded.");
  EXPECT_EQ(body.at("Reason").as_string(), "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(body.at("Type").as_string(), "User");
  EXPECT_TRUE(env_.executor().invocations().empty());
  // DryRun runs nothing, so it is not throttled.
  EXPECT_EQ(env_.Send(http::verb::post, kInvoke, "{}", {{"X-Amz-Invocation-Type", "DryRun"}})
                .result_int(),
            204u);
}

TEST_F(ConcurrencyTest, CallsBeyondTheReservationAre429) {
  ASSERT_EQ(Put(R"({"ReservedConcurrentExecutions":2})").result_int(), 200u);
  env_.executor().set_delay(std::chrono::milliseconds(50));
  std::vector<HttpResponse> res = env_.SendTogether(http::verb::post, kInvoke, 4);
  int ok = 0, throttled = 0;
  for (const HttpResponse& r : res) {
    if (r.result_int() == 200u) ++ok;
    if (r.result_int() == 429u) ++throttled;
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(throttled, 2);
  EXPECT_EQ(env_.executor().max_running(), 2);
  EXPECT_EQ(env_.ctx().concurrency.InFlight("fn"), 0);  // all released
  // Without a reservation nothing is throttled here.
  ASSERT_EQ(env_.Send(http::verb::delete_, kPut).result_int(), 204u);
  for (const HttpResponse& r : env_.SendTogether(http::verb::post, kInvoke, 4)) {
    EXPECT_EQ(r.result_int(), 200u);
  }
}

TEST_F(ConcurrencyTest, ReservationIsPersisted) {
  ASSERT_EQ(Put(R"({"ReservedConcurrentExecutions":3})").result_int(), 200u);
  FunctionStore store(env_.data_dir());
  FunctionRegistry reloaded(&store);
  reloaded.Load();
  Result<FunctionSnapshot> fn = reloaded.Get("fn");
  ASSERT_TRUE(fn.ok());
  EXPECT_EQ((*fn)->reserved_concurrency, 3);
}

}  // namespace
}  // namespace lambdex::api
