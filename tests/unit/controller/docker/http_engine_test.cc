// HttpEngine against a scripted daemon on a Unix socket: checks the requests
// it sends and how it maps answers and transport failures to Errors.
#include "controller/docker/http_engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <deque>
#include <string>
#include <vector>

#include "tests/unit/controller/docker/run_sync.h"

namespace lambdex::docker {
namespace {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::local::stream_protocol;
using lambdex::testing::RunSync;

struct Canned {
  int status = 200;
  std::string body;
  std::string api_version;
  bool hang = false;  // accept and read, never answer
};

struct Seen {
  http::verb method;
  std::string target;
  std::string body;
};

class ScriptedDaemon {
 public:
  explicit ScriptedDaemon(asio::io_context& io)
      : path_("/tmp/lambdex-ut-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) +
              ".sock"),
        acceptor_(io) {
    ::unlink(path_.c_str());
    acceptor_.open();
    acceptor_.bind(stream_protocol::endpoint(path_));
    acceptor_.listen();
    asio::co_spawn(io, Serve(), asio::detached);
  }
  ~ScriptedDaemon() { ::unlink(path_.c_str()); }

  void Answer(int status, std::string body, std::string api_version = "") {
    Canned c;
    c.status = status;
    c.body = std::move(body);
    c.api_version = std::move(api_version);
    script_.push_back(std::move(c));
  }
  void Hang() {
    Canned c;
    c.hang = true;
    script_.push_back(std::move(c));
  }
  const std::string& path() const { return path_; }
  const std::vector<Seen>& seen() const { return seen_; }

 private:
  asio::awaitable<void> Serve() {
    for (;;) {
      boost::system::error_code ec;
      auto token = asio::redirect_error(asio::use_awaitable, ec);
      stream_protocol::socket socket = co_await acceptor_.async_accept(token);
      if (ec) co_return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      co_await http::async_read(socket, buffer, req, token);
      if (ec) continue;
      seen_.push_back({req.method(), std::string(req.target()), req.body()});
      if (script_.empty()) Answer(500, R"({"message":"unscripted"})");
      Canned c = std::move(script_.front());
      script_.pop_front();
      if (c.hang) {
        held_.push_back(std::move(socket));
        continue;
      }
      http::response<http::string_body> res{static_cast<http::status>(c.status), 11};
      if (!c.api_version.empty()) res.set("Api-Version", c.api_version);
      res.set(http::field::content_type, "application/json");
      res.body() = c.body;
      res.prepare_payload();
      co_await http::async_write(socket, res, token);
    }
  }

  static inline int counter_ = 0;
  std::string path_;
  stream_protocol::acceptor acceptor_;
  std::deque<Canned> script_;
  std::vector<Seen> seen_;
  std::vector<stream_protocol::socket> held_;
};

class HttpEngineTest : public ::testing::Test {
 protected:
  asio::io_context io_;
  ScriptedDaemon daemon_{io_};
  HttpEngine engine_{daemon_.path()};
};

TEST_F(HttpEngineTest, PingReturnsApiVersion) {
  daemon_.Answer(200, "OK", "1.41");
  auto v = RunSync(io_, engine_.Ping());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(*v, "1.41");
  EXPECT_EQ(daemon_.seen()[0].target, "/v1.41/_ping");
}

TEST_F(HttpEngineTest, ImageExistsMaps404ToFalse) {
  daemon_.Answer(200, R"({"Id":"sha256:1"})");
  daemon_.Answer(404, R"({"message":"No such image: x"})");
  EXPECT_TRUE(*RunSync(io_, engine_.ImageExists("lambdex/python:latest")));
  EXPECT_FALSE(*RunSync(io_, engine_.ImageExists("x")));
  EXPECT_EQ(daemon_.seen()[0].target, "/v1.41/images/lambdex/python:latest/json");
}

TEST_F(HttpEngineTest, CreateSendsNameAndBody) {
  daemon_.Answer(201, R"({"Id":"abc","Warnings":[]})");
  ContainerSpec spec;
  spec.name = "lambdex-fn-1";
  spec.image = "img";
  spec.memory_bytes = 1 << 20;
  auto id = RunSync(io_, engine_.CreateContainer(spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, "abc");
  const Seen& s = daemon_.seen()[0];
  EXPECT_EQ(s.method, http::verb::post);
  EXPECT_EQ(s.target, "/v1.41/containers/create?name=lambdex-fn-1");
  auto body = boost::json::parse(s.body).as_object();
  EXPECT_EQ(body.at("Image"), "img");
  EXPECT_EQ(body.at("HostConfig").at("Memory").as_int64(), 1 << 20);
}

TEST_F(HttpEngineTest, CreateConflictAndMissingImage) {
  daemon_.Answer(409, R"({"message":"Conflict. The container name is already in use"})");
  daemon_.Answer(404, R"({"message":"No such image: nope:latest"})");
  ContainerSpec spec;
  spec.image = "nope:latest";
  auto conflict = RunSync(io_, engine_.CreateContainer(spec));
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  auto missing = RunSync(io_, engine_.CreateContainer(spec));
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("No such image: nope:latest"), std::string::npos);
}

TEST_F(HttpEngineTest, StartStopAcceptNotModified) {
  daemon_.Answer(304, "");
  daemon_.Answer(304, "");
  EXPECT_TRUE(RunSync(io_, engine_.StartContainer("abc")).ok());
  EXPECT_TRUE(RunSync(io_, engine_.StopContainer("abc", 7)).ok());
  EXPECT_EQ(daemon_.seen()[0].target, "/v1.41/containers/abc/start");
  EXPECT_EQ(daemon_.seen()[1].target, "/v1.41/containers/abc/stop?t=7");
}

TEST_F(HttpEngineTest, RemoveTreatsMissingAsDone) {
  daemon_.Answer(404, R"({"message":"No such container: abc"})");
  EXPECT_TRUE(RunSync(io_, engine_.RemoveContainer("abc", true)).ok());
  EXPECT_EQ(daemon_.seen()[0].method, http::verb::delete_);
  EXPECT_EQ(daemon_.seen()[0].target, "/v1.41/containers/abc?v=true&force=true");
}

TEST_F(HttpEngineTest, ServerErrorCarriesDaemonMessage) {
  daemon_.Answer(500, R"({"message":"OCI runtime create failed"})");
  auto st = RunSync(io_, engine_.StartContainer("abc"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_NE(st.error().message.find("OCI runtime create failed"), std::string::npos);
}

TEST_F(HttpEngineTest, ListEncodesLabelFilter) {
  daemon_.Answer(200, R"([{"Id":"a","Names":["/n"],"State":"running","Labels":{"k":"v"}}])");
  auto list = RunSync(io_, engine_.ListContainers({{"k", "v"}}));
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(daemon_.seen()[0].target,
            "/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22k%3Dv%22%5D%7D");
}

TEST_F(HttpEngineTest, ExecCreateStartInspect) {
  daemon_.Answer(201, R"({"Id":"e1"})");
  daemon_.Answer(200, "");
  daemon_.Answer(200, R"({"ID":"e1","ContainerID":"abc","Running":false,"ExitCode":0})");
  daemon_.Answer(409, R"({"message":"Container abc is not running"})");
  ExecSpec spec;
  spec.cmd = {"true"};
  auto id = RunSync(io_, engine_.CreateExec("abc", spec));
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, "e1");
  EXPECT_TRUE(RunSync(io_, engine_.StartExec(*id)).ok());
  auto info = RunSync(io_, engine_.InspectExec(*id));
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->running);
  EXPECT_EQ(daemon_.seen()[0].target, "/v1.41/containers/abc/exec");
  EXPECT_EQ(daemon_.seen()[1].target, "/v1.41/exec/e1/start");
  EXPECT_EQ(daemon_.seen()[2].target, "/v1.41/exec/e1/json");
  EXPECT_EQ(RunSync(io_, engine_.CreateExec("abc", spec)).error().code, ErrorCode::kConflict);
}

TEST_F(HttpEngineTest, SilentDaemonTimesOut) {
  HttpEngine impatient(daemon_.path(), std::chrono::milliseconds(150));
  daemon_.Hang();
  auto info = RunSync(io_, impatient.InspectContainer("abc"));
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().code, ErrorCode::kTimeout);
}

TEST(HttpEngine, MissingSocketIsDockerUnavailable) {
  HttpEngine engine("/tmp/lambdex-no-such-daemon.sock");
  auto v = RunSync(engine.Ping());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kDockerUnavailable);
  EXPECT_NE(
      v.error().message.find("Docker daemon not reachable at /tmp/lambdex-no-such-daemon.sock"),
      std::string::npos);
}

}  // namespace
}  // namespace lambdex::docker
