#include "controller/bench/report.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "tests/unit/controller/bench/fixture.h"

namespace lambdex::bench {
namespace {

namespace json = boost::json;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FormatMsTest, ThreeSignificantFigures) {
  EXPECT_EQ(FormatMs(0.8412), "0.84 ms");
  EXPECT_EQ(FormatMs(12.34), "12.3 ms");
  EXPECT_EQ(FormatMs(123.4), "123 ms");
  EXPECT_EQ(FormatMs(1520), "1.52 s");
}

TEST(RatioTest, AgainstTheBaselinesOfTheSameRun) {
  const BenchResults r = SampleResults();
  // warm p50 0.50 ms vs docker exec p50 100 ms.
  ASSERT_TRUE(WarmRatio(r.modes[0], r.baselines).has_value());
  EXPECT_DOUBLE_EQ(*WarmRatio(r.modes[0], r.baselines), 0.005);
  // cold median 1000 ms vs docker run pass median 500 ms.
  EXPECT_DOUBLE_EQ(*ColdRatio(r.modes[0], r.baselines), 2.0);
  EXPECT_FALSE(WarmRatio(r.modes[1], r.baselines).has_value());  // did not start
  EXPECT_FALSE(ColdRatio(r.modes[2], r.baselines).has_value());  // no cold sample

  Baselines none;
  EXPECT_FALSE(WarmRatio(r.modes[0], none).has_value());
}

TEST(RenderTableTest, OneRowPerModeAndScenario) {
  const std::string t = RenderTable(SampleResults());
  EXPECT_TRUE(Contains(t, "id=120000-42"));
  EXPECT_TRUE(Contains(t, "(quick)"));
  EXPECT_TRUE(Contains(t, "warm: sequential 1024 B echo"));
  EXPECT_TRUE(Contains(t, "0.50 ms"));  // stay-open p50
  EXPECT_TRUE(Contains(t, "0.005x"));   // vs docker exec
  EXPECT_TRUE(Contains(t, "2.00x"));    // cold vs docker run pass
  EXPECT_TRUE(Contains(t, "did not start: executor docker-reuse with LAMBDA_STAY_OPEN_MODE=0"));
  EXPECT_TRUE(Contains(t, "2/200*"));  // docker warm stopped by the cap
  EXPECT_TRUE(Contains(t, "no successful call: create failed"));
  EXPECT_TRUE(Contains(t, "200.0"));   // inv/s
  EXPECT_TRUE(Contains(t, "1.21 s"));  // init-heavy total
  EXPECT_TRUE(Contains(t, "exit 125: no such image"));
  EXPECT_TRUE(Contains(t, "4.50 us per call"));
}

TEST(RenderTableTest, NoBaselinesBlockWhenSkipped) {
  BenchResults r = SampleResults();
  r.baselines = Baselines{};
  const std::string t = RenderTable(r);
  EXPECT_FALSE(Contains(t, "baselines ("));
  EXPECT_TRUE(Contains(t, "stay-open"));
}

TEST(RenderJsonTest, ParsesAndCarriesEverySample) {
  const json::value v = json::parse(RenderJson(SampleResults()));
  const json::object& root = v.as_object();
  EXPECT_EQ(root.at("id").as_string(), "120000-42");
  EXPECT_EQ(root.at("unit").as_string(), "ms");
  const json::array& modes = root.at("modes").as_array();
  ASSERT_EQ(modes.size(), 3u);

  const json::object& fast = modes[0].as_object();
  EXPECT_EQ(fast.at("name").as_string(), "stay-open");
  EXPECT_EQ(fast.at("warm").at("samples_ms").as_array().size(), 100u);
  EXPECT_DOUBLE_EQ(fast.at("warm").at("summary_ms").at("p99").as_double(), 0.99);
  EXPECT_DOUBLE_EQ(fast.at("throughput").at("per_second").as_double(), 200);
  EXPECT_DOUBLE_EQ(fast.at("warm_p50_vs_docker_exec").as_double(), 0.005);
  EXPECT_DOUBLE_EQ(fast.at("cold_start").at("median_ms").as_double(), 1000);

  const json::object& broken = modes[1].as_object();
  EXPECT_FALSE(broken.at("started").as_bool());
  EXPECT_TRUE(broken.at("warm_p50_vs_docker_exec").is_null());
  EXPECT_NE(broken.at("start_error").as_string().find("STAY_OPEN"), json::string::npos);

  const json::object& slow = modes[2].as_object();
  EXPECT_TRUE(slow.at("warm").at("capped").as_bool());
  EXPECT_EQ(slow.at("warm").at("error").as_string(), "HTTP 502: <boom> & \"quoted\"");

  const json::object& b = root.at("baselines").as_object();
  EXPECT_DOUBLE_EQ(b.at("in_process_us_per_call").as_double(), 4.5);
  EXPECT_EQ(b.at("docker_run_handler").at("errors").as_int64(), 3);
}

}  // namespace
}  // namespace lambdex::bench
