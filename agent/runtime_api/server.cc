#include "agent/runtime_api/server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace lambdex::agent::runtime_api {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {
// Read whole oversize responses so the runtime gets a clean 413, within reason.
constexpr std::uint64_t kBodyLimit = 64u << 20;
}  // namespace

Server::Server(asio::io_context& io, Handler handler)
    : io_(io), handler_(std::move(handler)), acceptor_(io) {}

Result<tcp::endpoint> Server::Listen(const tcp::endpoint& at) {
  boost::system::error_code ec;
  acceptor_.open(at.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(at, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal, "runtime API listen on " + at.address().to_string() +
                                               ":" + std::to_string(at.port()) + ": " + ec.message());
  }
  tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) return MakeError(ErrorCode::kInternal, "runtime API local_endpoint: " + ec.message());
  return bound;
}

void Server::Start() { asio::co_spawn(io_, AcceptLoop(), asio::detached); }

bool Server::Deliver(HttpReply reply) {
  if (!parked_) return false;
  parked_->reply = std::move(reply);
  parked_->wake.cancel();
  parked_.reset();
  return true;
}

void Server::DropParked() {
  if (!parked_) return;
  parked_->wake.cancel();
  parked_.reset();
}

asio::awaitable<void> Server::AcceptLoop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(io_, Session(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Server::Session(tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const http::request<http::string_body>& req = parser.get();
    const HttpRequestView view{req.method_string(), req.target(), req.body(),
                               req["Lambda-Runtime-Function-Error-Type"]};
    std::variant<HttpReply, ParkNext> decision = handler_(view);
    HttpReply reply;
    if (std::holds_alternative<ParkNext>(decision)) {
      if (parked_) parked_->wake.cancel();  // a newer /next supersedes a stale one
      auto parked = std::make_shared<Parked>(socket.get_executor());
      parked->wake.expires_at(asio::steady_timer::time_point::max());
      parked_ = parked;
      co_await parked->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (!parked->reply) break;  // dropped: its runtime is gone
      reply = std::move(*parked->reply);
    } else {
      reply = std::move(std::get<HttpReply>(decision));
    }
    http::response<http::string_body> res{static_cast<http::status>(reply.status), req.version()};
    res.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.body() = std::move(reply.body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace lambdex::agent::runtime_api
