#include "controller/config/config.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace lambdex {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  Result<Config> Parse(std::vector<const char*> args) {
    args.insert(args.begin(), "lambdex");
    EnvLookup lookup = [this](std::string_view k) -> std::optional<std::string> {
      auto it = env_.find(std::string(k));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return ParseServeConfig(static_cast<int>(args.size()), args.data(), lookup);
  }
  std::map<std::string, std::string> env_;
};

TEST_F(ConfigTest, DefaultsBindLoopbackAndReuseWarmContainers) {
  auto c = Parse({"serve"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 4566);
  EXPECT_EQ(c->executor, ExecutorMode::kDockerReuse);
  EXPECT_FALSE(c->executor_explicit);
  EXPECT_TRUE(c->stay_open);
  EXPECT_EQ(c->keepalive.count(), 600000);
  EXPECT_EQ(c->docker_socket, "/var/run/docker.sock");
  EXPECT_EQ(c->data_dir, "/var/lib/lambdex");
}

TEST_F(ConfigTest, LocalStackEnvironmentVariablesAreRead) {
  env_ = {{"LAMBDA_EXECUTOR", "docker"},         {"LAMBDA_STAY_OPEN_MODE", "0"},
          {"LAMBDA_KEEPALIVE_MS", "2500"},       {"LAMBDA_DOCKER_NETWORK", "host"},
          {"DOCKER_HOST", "unix:///tmp/d.sock"}, {"XDG_DATA_HOME", "/home/u/.local/share"}};
  auto c = Parse({});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->executor, ExecutorMode::kDocker);
  EXPECT_TRUE(c->executor_explicit);
  EXPECT_FALSE(c->stay_open);
  EXPECT_EQ(c->keepalive.count(), 2500);
  EXPECT_EQ(c->docker_network, "host");
  EXPECT_EQ(c->docker_socket, "/tmp/d.sock");
  EXPECT_EQ(c->data_dir, "/home/u/.local/share/lambdex");
}

TEST_F(ConfigTest, FlagsWinOverEnvironment) {
  env_ = {{"LAMBDA_EXECUTOR", "docker"}, {"LAMBDA_STAY_OPEN_MODE", "0"}};
  auto c = Parse({"serve", "--executor", "local", "--stay-open", "1", "--port", "0", "--host",
                  "::1", "--data-dir", "/d"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->executor, ExecutorMode::kLocal);
  EXPECT_TRUE(c->stay_open);
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->data_dir, "/d");
}

TEST_F(ConfigTest, RepeatedLabelsAreCollected) {
  auto c = Parse({"--label", "a=1", "--label", "lambdex.test=xyz"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->extra_labels.at("a"), "1");
  EXPECT_EQ(c->extra_labels.at("lambdex.test"), "xyz");
}

struct BadInput {
  std::vector<const char*> args;
  std::map<std::string, std::string> env;
  const char* expect_in_message;
};

class ConfigRejects : public ConfigTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(ConfigRejects, WithAClearMessage) {
  env_ = GetParam().env;
  auto c = Parse(GetParam().args);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(c.error().message.find(GetParam().expect_in_message), std::string::npos)
      << c.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigRejects,
    ::testing::Values(BadInput{{"--executor", "lambda"}, {}, "unknown executor"},
                      BadInput{{}, {{"LAMBDA_EXECUTOR", "k8s"}}, "unknown executor"},
                      BadInput{{}, {{"LAMBDA_STAY_OPEN_MODE", "maybe"}}, "LAMBDA_STAY_OPEN_MODE"},
                      BadInput{{}, {{"LAMBDA_KEEPALIVE_MS", "10m"}}, "LAMBDA_KEEPALIVE_MS"},
                      BadInput{{}, {{"DOCKER_HOST", "tcp://1.2.3.4:2375"}}, "Unix socket"},
                      BadInput{{"--port", "70000"}, {}, "--port"},
                      BadInput{{"--max-containers", "0"}, {}, "--max-containers"},
                      BadInput{{"--label", "novalue"}, {}, "key=value"},
                      BadInput{{"--bogus"}, {}, "bogus"}, BadInput{{"--help"}, {}, "help:"}));

}  // namespace
}  // namespace lambdex
