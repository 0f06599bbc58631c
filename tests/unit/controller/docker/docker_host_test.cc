#include "controller/docker/docker_host.h"

#include <gtest/gtest.h>

namespace lambdex::docker {
namespace {

TEST(ParseDockerHost, EmptyMeansDefaultSocket) {
  auto path = ParseDockerHost("");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/var/run/docker.sock");
}

TEST(ParseDockerHost, UnixUrlGivesPath) {
  auto path = ParseDockerHost("unix:///run/user/1000/docker.sock");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "/run/user/1000/docker.sock");
}

TEST(ParseDockerHost, TcpIsRejectedWithAClearMessage) {
  auto path = ParseDockerHost("tcp://127.0.0.1:2375");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(path.error().message.find("Unix socket"), std::string::npos);
  EXPECT_NE(path.error().message.find("tcp://127.0.0.1:2375"), std::string::npos);
}

TEST(ParseDockerHost, RelativeOrEmptyUnixPathIsRejected) {
  EXPECT_FALSE(ParseDockerHost("unix://").ok());
  EXPECT_FALSE(ParseDockerHost("unix://docker.sock").ok());
  EXPECT_FALSE(ParseDockerHost("/var/run/docker.sock").ok());
}

}  // namespace
}  // namespace lambdex::docker
