#include "controller/api/router.h"

#include <gtest/gtest.h>

namespace lambdex::api {
namespace {

struct RouteCase {
  const char* method;
  const char* target;
  Operation operation;
  const char* function_name;
};

class RouterTableTest : public ::testing::TestWithParam<RouteCase> {};

TEST_P(RouterTableTest, Routes) {
  const RouteCase& c = GetParam();
  Route route = RouteRequest(c.method, c.target);
  EXPECT_EQ(route.operation, c.operation) << c.method << " " << c.target;
  EXPECT_EQ(route.function_name, c.function_name) << c.method << " " << c.target;
}

constexpr char kArn[] = "arn:aws:lambda:us-east-1:000000000000:function:fn";

INSTANTIATE_TEST_SUITE_P(
    Table, RouterTableTest,
    ::testing::Values(
        RouteCase{"POST", "/2015-03-31/functions", Operation::kCreateFunction, ""},
        RouteCase{"POST", "/2015-03-31/functions/", Operation::kCreateFunction, ""},
        RouteCase{"GET", "/2015-03-31/functions", Operation::kListFunctions, ""},
        RouteCase{"GET", "/2015-03-31/functions/", Operation::kListFunctions, ""},
        RouteCase{"GET", "/2015-03-31/functions/?MaxItems=2", Operation::kListFunctions, ""},
        RouteCase{"GET", "/2015-03-31/functions/fn", Operation::kGetFunction, "fn"},
        RouteCase{"GET", "/2015-03-31/functions/fn/", Operation::kGetFunction, "fn"},
        RouteCase{"GET", "/2015-03-31/functions/fn/configuration",
                  Operation::kGetFunctionConfiguration, "fn"},
        RouteCase{"PUT", "/2015-03-31/functions/fn/configuration",
                  Operation::kUpdateFunctionConfiguration, "fn"},
        RouteCase{"PUT", "/2015-03-31/functions/fn/code", Operation::kUpdateFunctionCode, "fn"},
        RouteCase{"DELETE", "/2015-03-31/functions/fn", Operation::kDeleteFunction, "fn"},
        RouteCase{"POST", "/2015-03-31/functions/fn/invocations", Operation::kInvoke, "fn"},
        RouteCase{"POST", "/2015-03-31/functions/fn/invocations/", Operation::kInvoke, "fn"},
        RouteCase{"POST",
                  "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3A"
                  "function%3Afn/invocations",
                  Operation::kInvoke, kArn},
        RouteCase{"GET", "/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:fn",
                  Operation::kGetFunction, kArn},
        RouteCase{"GET", "/2015-03-31/functions/fn%24LATEST", Operation::kGetFunction, "fn$LATEST"},
        RouteCase{"GET", "/2015-03-31/functions/a%2Fb", Operation::kGetFunction, "a/b"},
        RouteCase{"GET", "/health", Operation::kHealth, ""},
        // Unknown: wrong method, wrong version, extra segments, empty name.
        RouteCase{"PUT", "/2015-03-31/functions", Operation::kUnknown, ""},
        RouteCase{"POST", "/2015-03-31/functions/fn", Operation::kUnknown, ""},
        RouteCase{"GET", "/2015-03-31/functions/fn/invocations", Operation::kUnknown, ""},
        RouteCase{"GET", "/2014-11-13/functions/fn", Operation::kUnknown, ""},
        RouteCase{"GET", "/2015-03-31/functions/fn/code/x", Operation::kUnknown, ""},
        RouteCase{"GET", "/2015-03-31/functions//configuration", Operation::kUnknown, ""},
        RouteCase{"GET", "/2015-03-31/functions/fn//", Operation::kUnknown, ""},
        RouteCase{"GET", "/", Operation::kUnknown, ""},
        RouteCase{"GET", "", Operation::kUnknown, ""},
        RouteCase{"POST", "/health", Operation::kUnknown, ""}));

TEST(RouterTest, ParsesQuery) {
  Route route = RouteRequest("GET", "/2015-03-31/functions/?Marker=a%3Ab&MaxItems=5&flag&x=1+2");
  EXPECT_EQ(route.operation, Operation::kListFunctions);
  EXPECT_EQ(route.query["Marker"], "a:b");
  EXPECT_EQ(route.query["MaxItems"], "5");
  EXPECT_EQ(route.query["flag"], "");
  EXPECT_EQ(route.query["x"], "1 2");
}

TEST(RouterTest, QualifierStaysInQuery) {
  Route route = RouteRequest("POST", "/2015-03-31/functions/fn/invocations?Qualifier=%24LATEST");
  EXPECT_EQ(route.function_name, "fn");
  EXPECT_EQ(route.query["Qualifier"], "$LATEST");
}

TEST(RouterTest, PercentDecodeKeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("a%3a%3A"), "a::");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

TEST(RouterTest, EveryOperationHasAName) {
  EXPECT_EQ(OperationName(Operation::kInvoke), "Invoke");
  EXPECT_EQ(OperationName(Operation::kUpdateFunctionCode), "UpdateFunctionCode");
}

}  // namespace
}  // namespace lambdex::api
