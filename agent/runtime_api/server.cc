#include "agent/runtime_api/server.h"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace lambdex::agent::runtime_api {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {
// Read whole oversize responses so the runtime gets a clean 413, within reason.
constexpr std::uint64_t kBodyLimit = 64u << 20;
constexpr std::size_t kReadChunk = 16 * 1024;
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
                                               ":" + std::to_string(at.port()) + ": " +
                                               ec.message());
  }
  tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) return MakeError(ErrorCode::kInternal, "runtime API local_endpoint: " + ec.message());
  return bound;
}

void Server::Start() { asio::co_spawn(io_, AcceptLoop(), asio::detached); }

void Server::Wake(Parked& parked) { parked.wake.cancel(); }

bool Server::Deliver(HttpReply reply) {
  if (!parked_) return false;
  parked_->reply = std::move(reply);
  Wake(*parked_);
  parked_.reset();
  return true;
}

void Server::DropParked() {
  ++generation_;
  if (!parked_) return;
  Wake(*parked_);
  parked_.reset();
}

asio::awaitable<void> Server::AcceptLoop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(io_, Session(std::move(socket)), asio::detached);
  }
}

namespace {

// The status line and headers of a reply, Content-Length included, as one
// string: written together with the body in one gather write (one sendmsg),
// without Beast's serializer or a copy of the body.
std::string ResponseHead(const HttpReply& reply, unsigned version, bool keep_alive) {
  const auto status = static_cast<http::status>(reply.status);
  const std::string_view reason = http::obsolete_reason(status);
  std::string head;
  head.reserve(160 + reply.headers.size() * 64);
  head.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  head.append(std::to_string(reply.status)).append(" ").append(reason).append("\r\n");
  head.append("Content-Type: ").append(reply.content_type).append("\r\n");
  for (const auto& [name, value] : reply.headers) {
    head.append(name).append(": ").append(value).append("\r\n");
  }
  head.append("Content-Length: ").append(std::to_string(reply.body.size())).append("\r\n");
  if (version == 10 && keep_alive) head.append("Connection: keep-alive\r\n");
  if (version != 10 && !keep_alive) head.append("Connection: close\r\n");
  head.append("\r\n");
  return head;
}

}  // namespace

asio::awaitable<void> Server::Session(tcp::socket socket) {
  const std::uint64_t generation = generation_;
  boost::beast::flat_buffer buffer;
  // Beast reads at most the buffer's free capacity (512 bytes when empty):
  // room for a whole small request makes it one recv() instead of one per 512 B.
  buffer.reserve(kReadChunk);
  boost::system::error_code ec;
  std::string head;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    co_await http::async_read(socket, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec || generation != generation_) break;  // closed, or its runtime was replaced
    http::request<http::string_body>& req = parser.get();
    const HttpRequestView view{req.method_string(), req.target(), req.body(),
                               req["Lambda-Runtime-Function-Error-Type"], &req.body()};
    std::variant<HttpReply, ParkNext> decision = handler_(view);
    HttpReply reply;
    if (std::holds_alternative<ParkNext>(decision)) {
      if (parked_) Wake(*parked_);  // a newer /next supersedes a stale one
      auto parked = std::make_shared<Parked>(socket.get_executor());
      // Never expires: with the agent's deadline timer armed earlier, parking
      // does not change the reactor's earliest timer (no timerfd_settime).
      parked->wake.expires_at(asio::steady_timer::time_point::max());
      parked_ = parked;
      co_await parked->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (!parked->reply) break;  // dropped: its runtime is gone
      reply = std::move(*parked->reply);
    } else {
      reply = std::move(std::get<HttpReply>(decision));
    }
    const bool keep_alive = req.keep_alive();
    head = ResponseHead(reply, req.version(), keep_alive);
    const std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(reply.body)};
    co_await asio::async_write(socket, out, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace lambdex::agent::runtime_api
