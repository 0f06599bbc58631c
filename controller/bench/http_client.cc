#include "controller/bench/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace lambdex::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct HttpClient::Impl {
  explicit Impl(std::uint16_t port) : endpoint(asio::ip::make_address_v4("127.0.0.1"), port) {}

  asio::io_context io;
  asio::ip::tcp::endpoint endpoint;
  std::unique_ptr<asio::ip::tcp::socket> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>(port)) {}

HttpClient::~HttpClient() = default;

Result<HttpReply> HttpClient::Request(const std::string& method, const std::string& target,
                                      const std::string& body) {
  Impl& c = *impl_;
  beast::error_code ec;
  if (!c.stream) {
    c.stream = std::make_unique<asio::ip::tcp::socket>(c.io);
    c.stream->connect(c.endpoint, ec);
    if (ec) {
      c.stream.reset();
      return MakeError(ErrorCode::kInternal, "connect: " + ec.message());
    }
    c.stream->set_option(asio::ip::tcp::no_delay(true), ec);
    c.buffer.clear();
  }
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.keep_alive(true);
  req.body() = body;
  req.prepare_payload();

  http::write(*c.stream, req, ec);
  http::response_parser<http::string_body> parser;
  parser.body_limit(64ull * 1024 * 1024);
  if (!ec) http::read(*c.stream, c.buffer, parser, ec);
  if (ec) {
    c.stream.reset();
    return MakeError(ErrorCode::kInternal, method + " " + target + ": " + ec.message());
  }
  http::response<http::string_body> res = parser.release();
  HttpReply reply;
  reply.status = res.result_int();
  reply.function_error = res.find("X-Amz-Function-Error") != res.end();
  reply.body = std::move(res.body());
  if (!res.keep_alive()) c.stream.reset();
  return reply;
}

}  // namespace lambdex::bench
