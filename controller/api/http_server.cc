#include "controller/api/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>

#include "controller/api/api_context.h"
#include "controller/api/errors.h"
#include "controller/api/log.h"
#include "controller/api/response_head.h"

namespace lambdex::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kDrainTimeout{5};

void LogIfThrew(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    ApiLog()->error("connection coroutine threw: {}", ex.what());
  } catch (...) {
    ApiLog()->error("connection coroutine threw");
  }
}

HttpResponse TooLarge(std::uint64_t limit, unsigned version) {
  HttpResponse res = ErrorResponse(
      RequestTooLarge("Request must be smaller than " + std::to_string(limit) + " bytes"), version);
  res.set("x-amzn-RequestId", RandomUuid());
  res.keep_alive(false);
  return res;
}

// After refusing a request, read and drop what the client is still sending so
// closing does not reset the connection before it has read our answer.
asio::awaitable<void> Drain(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 64 * 1024> scratch;
  stream.expires_after(kDrainTimeout);
  while (true) {
    auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
    if (read_ec) break;
  }
}

// Writes head + body as two plain buffers: first straight from this call on
// the non-blocking socket (a warm response fits the socket buffer, so this
// usually finishes without a trip through the io_context), then whatever is
// left asynchronously under the write timeout.
asio::awaitable<boost::system::error_code> WriteResponse(beast::tcp_stream& stream,
                                                         const std::string& head,
                                                         const std::string& body,
                                                         std::chrono::milliseconds timeout) {
  const std::size_t total = head.size() + body.size();
  std::size_t done = 0;
  boost::system::error_code ec;
  while (done < total && !ec) {
    const std::size_t in_body = done > head.size() ? done - head.size() : 0;
    const std::array<asio::const_buffer, 2> rest{asio::buffer(head) + std::min(done, head.size()),
                                                 asio::buffer(body) + in_body};
    done += stream.socket().write_some(rest, ec);
  }
  if (!ec || done == total) co_return boost::system::error_code{};
  if (ec != asio::error::would_block && ec != asio::error::try_again) co_return ec;
  const std::size_t in_body = done > head.size() ? done - head.size() : 0;
  const std::array<asio::const_buffer, 2> rest{asio::buffer(head) + std::min(done, head.size()),
                                               asio::buffer(body) + in_body};
  stream.expires_after(timeout);
  auto [wec, n] = co_await asio::async_write(stream, rest, kUseTuple);
  co_return wec;
}

}  // namespace

HttpServer::HttpServer(asio::any_io_executor executor, HttpServerOptions options, Handler handler)
    : executor_(executor),
      options_(std::move(options)),
      handler_(std::move(handler)),
      acceptor_(executor) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Listen() {
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "listen host must be an IP address, got '" + options_.host + "'");
  }
  std::uint16_t port = 0;
  const char* end = options_.port.data() + options_.port.size();
  if (auto [ptr, perr] = std::from_chars(options_.port.data(), end, port);
      perr != std::errc() || ptr != end || options_.port.empty()) {
    return MakeError(ErrorCode::kInvalidRequest, "bad listen port '" + options_.port + "'");
  }
  const tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal, "cannot listen on " + options_.host + ":" +
                                               options_.port + ": " + ec.message());
  }
  return {};
}

std::uint16_t HttpServer::Port() const {
  boost::system::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void HttpServer::Start() { asio::co_spawn(executor_, AcceptLoop(), LogIfThrew); }

void HttpServer::Stop() {
  stopped_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  for (auto& [id, socket] : sessions_) {
    socket->shutdown(tcp::socket::shutdown_both, ec);
    socket->close(ec);
  }
}

asio::awaitable<void> HttpServer::AcceptLoop() {
  while (!stopped_) {
    auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopped_) break;
      ApiLog()->warn("accept failed error={}", ec.message());
      continue;
    }
    asio::co_spawn(executor_, Session(std::move(socket)), LogIfThrew);
  }
}

asio::awaitable<void> HttpServer::Session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  const std::uint64_t id = next_session_++;
  sessions_[id] = &stream.socket();
  boost::system::error_code nb_ec;
  stream.socket().non_blocking(true, nb_ec);  // WriteResponse tries a direct write first
  stream.socket().set_option(tcp::no_delay(true), nb_ec);
  beast::flat_buffer buffer;
  std::string head;  // reused: one allocation per connection, not per response
  while (!stopped_) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options_.body_limit);
    parser.header_limit(options_.header_limit);
    stream.expires_after(options_.read_timeout);
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kUseTuple);
    if (hec == http::error::body_limit) {
      co_await http::async_write(stream, TooLarge(options_.body_limit, 11), kUseTuple);
      co_await Drain(stream);
      break;
    }
    if (hec) break;  // closed, timed out, or not HTTP: nothing useful to answer
    if (parser.get()[http::field::expect] == "100-continue") {
      http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
      co_await http::async_write(stream, go_on, kUseTuple);
    }
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kUseTuple);
    if (ec == http::error::body_limit) {
      co_await http::async_write(stream, TooLarge(options_.body_limit, 11), kUseTuple);
      co_await Drain(stream);
      break;
    }
    if (ec) break;

    HttpRequest req = parser.release();
    const bool keep_alive = req.keep_alive();
    const std::string method(req.method_string());
    const std::string target(req.target());
    const auto started = std::chrono::steady_clock::now();
    stream.expires_never();  // a synchronous invoke may run for up to 900 s
    HttpResponse res;
    try {
      res = co_await handler_(std::move(req));
    } catch (const std::exception& e) {
      ApiLog()->error("handler threw method={} target={} what={}", method, target, e.what());
      res = ErrorResponse(MakeError(ErrorCode::kInternal, e.what()));
      res.set("x-amzn-RequestId", RandomUuid());
    }
    if (stopped_) break;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    head.clear();
    AppendResponseHead(res, head);
    const boost::system::error_code wec =
        co_await WriteResponse(stream, head, res.body(), options_.write_timeout);
    ApiLog()->debug("request method={} target={} status={} ms={}", method, target, res.result_int(),
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count());
    if (wec || !keep_alive) break;
  }
  sessions_.erase(id);
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace lambdex::api
