// The real server on 127.0.0.1:0 with a Beast client.
#include "controller/api/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "controller/api/api_handler.h"
#include "tests/unit/controller/api/api_test_env.h"

namespace lambdex::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Exchange {
  std::vector<HttpResponse> responses;
};

// Sends `requests` over one keep-alive connection, then stops the server.
asio::awaitable<void> Client(std::uint16_t port, std::vector<HttpRequest> requests, Exchange& out,
                             HttpServer& server) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  co_await stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                asio::use_awaitable);
  beast::flat_buffer buffer;
  for (HttpRequest& req : requests) {
    req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    co_await http::async_write(stream, req, asio::use_awaitable);
    HttpResponse res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    out.responses.push_back(std::move(res));
  }
  server.Stop();
}

TEST(HttpServerTest, ServesApiOverKeepAlive) {
  lambdex::api::testing::ApiTestEnv env;
  asio::io_context io;
  HttpServerOptions options;
  options.port = "0";
  HttpServer server(io.get_executor(), options,
                    [&env](HttpRequest req) { return env.Handle(std::move(req)); });
  ASSERT_TRUE(server.Listen().ok());
  ASSERT_NE(server.Port(), 0);
  server.Start();

  std::vector<HttpRequest> requests;
  requests.emplace_back(http::verb::get, "/health", 11);
  HttpRequest create{http::verb::post, "/2015-03-31/functions", 11};
  create.body() = lambdex::api::testing::ApiTestEnv::CreateBody("served");
  requests.push_back(create);
  requests.emplace_back(http::verb::get, "/2015-03-31/functions/served", 11);
  Exchange exchange;
  asio::co_spawn(io, Client(server.Port(), std::move(requests), exchange, server),
                 [](std::exception_ptr e) {
                   if (e) std::rethrow_exception(e);
                 });
  io.run_for(std::chrono::seconds(10));

  ASSERT_EQ(exchange.responses.size(), 3u);
  EXPECT_EQ(exchange.responses[0].result_int(), 200u);
  EXPECT_NE(exchange.responses[0].body().find("\"ok\""), std::string::npos);
  EXPECT_EQ(exchange.responses[1].result_int(), 201u);
  EXPECT_EQ(exchange.responses[2].result_int(), 200u);
  EXPECT_FALSE(exchange.responses[2]["x-amzn-RequestId"].empty());
}

TEST(HttpServerTest, BodyOverLimitIs413) {
  lambdex::api::testing::ApiTestEnv env;
  asio::io_context io;
  HttpServerOptions options;
  options.port = "0";
  options.body_limit = 1024;
  HttpServer server(io.get_executor(), options,
                    [&env](HttpRequest req) { return env.Handle(std::move(req)); });
  ASSERT_TRUE(server.Listen().ok());
  server.Start();
  std::vector<HttpRequest> requests;
  HttpRequest big{http::verb::post, "/2015-03-31/functions", 11};
  big.body() = std::string(4096, 'x');
  requests.push_back(big);
  Exchange exchange;
  asio::co_spawn(io, Client(server.Port(), std::move(requests), exchange, server),
                 [](std::exception_ptr e) {
                   if (e) std::rethrow_exception(e);
                 });
  io.run_for(std::chrono::seconds(10));
  ASSERT_EQ(exchange.responses.size(), 1u);
  EXPECT_EQ(exchange.responses[0].result_int(), 413u);
  EXPECT_EQ(exchange.responses[0]["x-amzn-ErrorType"], "RequestTooLargeException");
}

TEST(HttpServerTest, RejectsHostNames) {
  asio::io_context io;
  HttpServerOptions options;
  options.host = "localhost";
  HttpServer server(io.get_executor(), options, nullptr);
  Status s = server.Listen();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
  HttpServerOptions bad_port;
  bad_port.port = "http";
  EXPECT_FALSE(HttpServer(io.get_executor(), bad_port, nullptr).Listen().ok());
}

}  // namespace
}  // namespace lambdex::api
