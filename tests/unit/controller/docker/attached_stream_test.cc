// HttpEngine's attached streams against a scripted daemon on a Unix socket
// that upgrades the connection and speaks the multiplexed stdio format.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "controller/docker/http_engine.h"
#include "controller/docker/stdio_demux.h"
#include "tests/unit/controller/docker/run_sync.h"

namespace lambdex::docker {
namespace {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::local::stream_protocol;
using lambdex::testing::RunSync;
using Request = http::request<http::string_body>;
// Serves one connection after its request was read; `rest` holds bytes read
// past the request.
using Handler = std::function<asio::awaitable<void>(stream_protocol::socket&, std::string rest)>;

constexpr char kUpgraded[] =
    "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
    "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";

std::string Json(int status, std::string body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

asio::awaitable<void> Send(stream_protocol::socket& s, std::string bytes) {
  boost::system::error_code ec;
  co_await asio::async_write(s, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
}

Handler Reply(std::string raw) {
  return [raw](stream_protocol::socket& s, std::string) -> asio::awaitable<void> {
    co_await Send(s, raw);
  };
}

// Upgrades, sends `greeting` in the same write as the header, then echoes
// stdin back as stdout in 1000-byte chunks until stdin ends, and closes.
Handler UpgradeAndEcho(std::string greeting) {
  return [greeting](stream_protocol::socket& s, std::string rest) -> asio::awaitable<void> {
    co_await Send(s, kUpgraded + greeting);
    std::string pending = std::move(rest);
    std::vector<char> buf(64 << 10);
    for (;;) {
      while (pending.size() >= 1000) {
        co_await Send(s, EncodeMuxChunk(1, std::string_view(pending).substr(0, 1000)));
        pending.erase(0, 1000);
      }
      boost::system::error_code ec;
      std::size_t n = co_await s.async_read_some(asio::buffer(buf),
                                                 asio::redirect_error(asio::use_awaitable, ec));
      pending.append(buf.data(), n);
      if (ec) break;
    }
    if (!pending.empty()) co_await Send(s, EncodeMuxChunk(1, pending));
    co_await Send(s, EncodeMuxChunk(2, "bye\n"));
  };
}

class StdioDaemon {
 public:
  explicit StdioDaemon(asio::io_context& io)
      : path_("/tmp/lambdex-ut-stdio-" + std::to_string(::getpid()) + ".sock"), acceptor_(io) {
    ::unlink(path_.c_str());
    acceptor_.open();
    acceptor_.bind(stream_protocol::endpoint(path_));
    acceptor_.listen();
    asio::co_spawn(io, Serve(), asio::detached);
  }
  ~StdioDaemon() { ::unlink(path_.c_str()); }

  void Then(Handler h) { script_.push_back(std::move(h)); }
  const std::string& path() const { return path_; }
  const std::vector<Request>& seen() const { return seen_; }

 private:
  asio::awaitable<void> Serve() {
    for (;;) {
      boost::system::error_code ec;
      auto token = asio::redirect_error(asio::use_awaitable, ec);
      auto socket =
          std::make_shared<stream_protocol::socket>(co_await acceptor_.async_accept(token));
      if (ec) co_return;
      boost::beast::flat_buffer buffer;
      Request req;
      co_await http::async_read(*socket, buffer, req, token);
      if (ec) continue;
      seen_.push_back(req);
      Handler h =
          script_.empty() ? Reply(Json(500, R"({"message":"unscripted"})")) : script_.front();
      if (!script_.empty()) script_.pop_front();
      std::string rest(static_cast<const char*>(buffer.data().data()), buffer.size());
      asio::co_spawn(
          acceptor_.get_executor(),
          [h, socket, rest]() -> asio::awaitable<void> { co_await h(*socket, rest); },
          asio::detached);
    }
  }

  std::string path_;
  stream_protocol::acceptor acceptor_;
  std::deque<Handler> script_;
  std::vector<Request> seen_;
};

class AttachedStreamTest : public ::testing::Test {
 protected:
  asio::io_context io_;
  StdioDaemon daemon_{io_};
  HttpEngine engine_{daemon_.path()};
  std::vector<std::string> lines_;
  LineCallback Lines() {
    return [this](std::string_view l) { lines_.emplace_back(l); };
  }
};

TEST_F(AttachedStreamTest, ExecUpgradesAndRoundTripsSixMegabytes) {
  daemon_.Then(Reply(Json(201, R"({"Id":"e1"})")));
  daemon_.Then(UpgradeAndEcho(EncodeMuxChunk(1, "hello ") + EncodeMuxChunk(2, "log line\n")));
  ExecSpec spec;
  spec.cmd = {"cat"};
  auto exec = RunSync(io_, engine_.ExecAttached("abc", spec, Lines()));
  ASSERT_TRUE(exec.ok()) << exec.error().message;
  EXPECT_EQ(exec->exec_id, "e1");

  std::string payload(6 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i % 251);
  auto run = [&]() -> asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> got(3);
    AttachedStream& s = *exec->stream;
    // The greeting came with the 101 header: nothing may be lost.
    if (!(co_await s.ReadExactly(6, got[0])).ok()) co_return got;
    if (!(co_await s.Write(payload)).ok()) co_return got;
    if (!(co_await s.CloseStdin()).ok()) co_return got;
    if (!(co_await s.ReadExactly(payload.size(), got[1])).ok()) co_return got;
    Status end = co_await s.ReadExactly(1, got[2]);
    got[2] = end.ok() ? "more" : std::string(ErrorCodeName(end.error().code));
    co_return got;
  };
  auto got = RunSync(io_, run());
  EXPECT_EQ(got[0], "hello ");
  EXPECT_TRUE(got[1] == payload) << "got " << got[1].size() << " bytes";
  EXPECT_EQ(got[2], ErrorCodeName(ErrorCode::kContainerDied));
  EXPECT_EQ(lines_, (std::vector<std::string>{"log line", "bye"}));

  ASSERT_EQ(daemon_.seen().size(), 2u);
  EXPECT_EQ(daemon_.seen()[0].target(), "/v1.41/containers/abc/exec");
  EXPECT_EQ(boost::json::parse(daemon_.seen()[0].body()).at("AttachStdin"), true);
  const Request& start = daemon_.seen()[1];
  EXPECT_EQ(start.target(), "/v1.41/exec/e1/start");
  EXPECT_EQ(start[http::field::upgrade], "tcp");
  EXPECT_EQ(start[http::field::connection], "Upgrade");
  EXPECT_EQ(boost::json::parse(start.body()).at("Detach"), false);
}

TEST_F(AttachedStreamTest, AttachContainerTarget) {
  daemon_.Then(UpgradeAndEcho(""));
  auto stream = RunSync(io_, engine_.AttachContainer("c1", Lines()));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  auto run = [&]() -> asio::awaitable<std::string> {
    std::string out;
    (void)co_await (*stream)->Write("ping");
    (void)co_await (*stream)->CloseStdin();
    Status st = co_await (*stream)->ReadExactly(4, out);
    co_return st.ok() ? out : st.error().message;
  };
  EXPECT_EQ(RunSync(io_, run()), "ping");
  EXPECT_EQ(daemon_.seen()[0].target(),
            "/v1.41/containers/c1/attach?stream=1&stdin=1&stdout=1&stderr=1");
  EXPECT_EQ(daemon_.seen()[0].method(), http::verb::post);
}

TEST_F(AttachedStreamTest, RefusedUpgradeMapsTheStatus) {
  daemon_.Then(Reply(Json(404, R"({"message":"No such container: c1"})")));
  daemon_.Then(Reply(Json(201, R"({"Id":"e2"})")));
  daemon_.Then(Reply(Json(409, R"({"message":"Container c1 is not running"})")));
  auto missing = RunSync(io_, engine_.AttachContainer("c1", nullptr));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("No such container: c1"), std::string::npos);
  auto stopped = RunSync(io_, engine_.ExecAttached("c1", ExecSpec{}, nullptr));
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, ErrorCode::kConflict);
}

TEST_F(AttachedStreamTest, CorruptStreamIsProtocol) {
  daemon_.Then(Reply(std::string(kUpgraded) + "garbage, not a chunk header"));
  auto stream = RunSync(io_, engine_.AttachContainer("c1", nullptr));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  std::string out;
  Status st = RunSync(io_, (*stream)->ReadExactly(1, out));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kProtocol);
}

TEST_F(AttachedStreamTest, PlainOkInsteadOf101AlsoCarriesTheStream) {
  daemon_.Then(Reply("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n" +
                     EncodeMuxChunk(1, "xy")));
  auto stream = RunSync(io_, engine_.AttachContainer("c1", nullptr));
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  std::string out;
  ASSERT_TRUE(RunSync(io_, (*stream)->ReadExactly(2, out)).ok());
  EXPECT_EQ(out, "xy");
}

TEST_F(AttachedStreamTest, WaitAndNetworks) {
  daemon_.Then(Reply(Json(200, R"({"StatusCode":3,"Error":null})")));
  daemon_.Then(Reply(Json(200, R"({"Name":"none"})")));
  daemon_.Then(Reply(Json(404, R"({"message":"network nope not found"})")));
  auto code = RunSync(io_, engine_.WaitContainer("c1", std::chrono::seconds(5)));
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(*code, 3);
  EXPECT_TRUE(*RunSync(io_, engine_.NetworkExists("none")));
  EXPECT_FALSE(*RunSync(io_, engine_.NetworkExists("nope")));
  EXPECT_EQ(daemon_.seen()[0].target(), "/v1.41/containers/c1/wait?condition=not-running");
  EXPECT_EQ(daemon_.seen()[1].target(), "/v1.41/networks/none");
}

}  // namespace
}  // namespace lambdex::docker
