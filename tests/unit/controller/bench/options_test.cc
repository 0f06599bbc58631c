#include "controller/bench/options.h"

#include <gtest/gtest.h>

#include <initializer_list>

namespace lambdex::bench {
namespace {

Result<BenchOptions> Parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"bench"};
  argv.insert(argv.end(), args.begin(), args.end());
  return ParseBenchArgs(static_cast<int>(argv.size()), argv.data());
}

std::vector<std::string> Names(const BenchOptions& o) {
  std::vector<std::string> names;
  for (const ModeSpec& m : o.modes) names.push_back(m.name);
  return names;
}

TEST(BenchOptionsTest, DefaultsRunEverythingInEveryMode) {
  auto o = Parse({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(Names(*o), (std::vector<std::string>{"stay-open", "docker-exec", "docker", "local"}));
  EXPECT_FALSE(o->quick);
  EXPECT_EQ(o->warm_calls, 1000);
  EXPECT_EQ(o->warm_up_calls, 20);
  EXPECT_EQ(o->throughput_clients, 16);
  EXPECT_EQ(o->throughput_functions, 4);
  EXPECT_EQ(o->cold_repeats, 5);
  EXPECT_EQ(o->init_calls, 20);
  EXPECT_TRUE(o->run_warm && o->run_throughput && o->run_cold && o->run_init && o->run_baselines);
}

TEST(BenchOptionsTest, ModesMapToServeFlags) {
  auto o = Parse({"--modes", "docker-exec,local"});
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(Names(*o), (std::vector<std::string>{"docker-exec", "local"}));
  EXPECT_EQ(o->modes[0].flags,
            (std::vector<std::string>{"--executor", "docker-reuse", "--stay-open", "0"}));
  EXPECT_EQ(o->modes[1].flags, (std::vector<std::string>{"--executor", "local"}));
}

TEST(BenchOptionsTest, QuickShrinksCountsAndFlagsStillWin) {
  auto o = Parse({"--quick", "--warm-calls", "50"});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->quick);
  EXPECT_EQ(o->warm_calls, 50);
  EXPECT_EQ(o->cold_repeats, 2);
  EXPECT_EQ(o->init_calls, 5);
  EXPECT_LT(o->throughput_calls, 10000);
  EXPECT_LT(o->scenario_cap, std::chrono::seconds(120));
}

TEST(BenchOptionsTest, EndpointIsLoopbackOnly) {
  auto o = Parse({"--endpoint", "http://127.0.0.1:4566/"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->endpoint_port, 4566);
  EXPECT_EQ(Names(*o), std::vector<std::string>{"endpoint"});

  for (const char* bad : {"http://localhost:4566", "https://127.0.0.1:4566", "http://127.0.0.1:",
                          "http://127.0.0.1:99999", "http://127.0.0.1:45x", "http://10.0.0.1:80"}) {
    EXPECT_FALSE(Parse({"--endpoint", bad}).ok()) << bad;
  }
  EXPECT_FALSE(Parse({"--endpoint", "http://127.0.0.1:4566", "--modes", "local"}).ok());
}

TEST(BenchOptionsTest, ScenariosAndBaselines) {
  auto o = Parse({"--scenarios", "warm,init", "--no-baselines"});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->run_warm);
  EXPECT_FALSE(o->run_throughput);
  EXPECT_FALSE(o->run_cold);
  EXPECT_TRUE(o->run_init);
  EXPECT_FALSE(o->run_baselines);
}

TEST(BenchOptionsTest, OutputsAndImage) {
  auto o =
      Parse({"--json", "out.json", "--svg", "out.svg", "--image", "img:1", "--cap-seconds", "5"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->json_path, "out.json");
  EXPECT_EQ(o->svg_path, "out.svg");
  EXPECT_EQ(o->image, "img:1");
  EXPECT_EQ(o->scenario_cap, std::chrono::seconds(5));
}

TEST(BenchOptionsTest, RejectsNonsense) {
  EXPECT_FALSE(Parse({"--modes", "warp"}).ok());
  EXPECT_FALSE(Parse({"--modes", ","}).ok());
  EXPECT_FALSE(Parse({"--scenarios", "warm,nap"}).ok());
  EXPECT_FALSE(Parse({"--warm-calls", "0"}).ok());
  EXPECT_FALSE(Parse({"--cap-seconds", "-1"}).ok());
  EXPECT_FALSE(Parse({"--warm-calls", "many"}).ok());
  EXPECT_FALSE(Parse({"--no-such-flag"}).ok());
  EXPECT_FALSE(Parse({"stray"}).ok());
}

TEST(BenchOptionsTest, HelpIsAnErrorCarryingTheText) {
  auto o = Parse({"--help"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().message.rfind("help:", 0), 0u);
  EXPECT_NE(o.error().message.find("--modes"), std::string::npos);
}

}  // namespace
}  // namespace lambdex::bench
