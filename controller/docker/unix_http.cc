#include "controller/docker/unix_http.h"

#include <algorithm>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace lambdex::docker {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using UnixStream = beast::basic_stream<asio::local::stream_protocol>;

namespace {

// Docker answers a whole container list in one body; generous but bounded.
constexpr std::uint64_t kMaxBody = 64ull << 20;

std::string Describe(const UnixHttpRequest& r) {
  return std::string(http::to_string(r.method)) + " " + r.target;
}

Error IoError(const std::string& socket_path, const UnixHttpRequest& r,
              const boost::system::error_code& ec, std::string_view step) {
  if (ec == beast::error::timeout) {
    return MakeError(ErrorCode::kTimeout, "Docker request " + Describe(r) + " timed out after " +
                                              std::to_string(r.timeout.count()) + " ms");
  }
  return MakeError(ErrorCode::kDockerUnavailable, "Docker daemon at " + socket_path +
                                                      " failed during " + std::string(step) +
                                                      " of " + Describe(r) + ": " + ec.message());
}

// The request line and headers the daemon gets; the body moves out of `request`.
http::request<http::string_body> BuildRequest(UnixHttpRequest& request, bool upgrade) {
  http::request<http::string_body> req{request.method, request.target, 11};
  req.set(http::field::host, "docker");
  req.set(http::field::user_agent, "lambdex");
  if (upgrade) {
    req.set(http::field::connection, "Upgrade");
    req.set(http::field::upgrade, "tcp");
  } else {
    req.keep_alive(false);
  }
  if (!request.body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(request.body);
  }
  req.prepare_payload();
  return req;
}

// Connects (under the request's timeout, which then covers the whole
// exchange) and writes the request.
asio::awaitable<Status> ConnectAndSend(UnixStream& stream, const std::string& socket_path,
                                       UnixHttpRequest& request, bool upgrade) {
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  stream.expires_after(request.timeout);
  co_await stream.async_connect(asio::local::stream_protocol::endpoint(socket_path), token);
  if (ec) {
    co_return MakeError(ErrorCode::kDockerUnavailable,
                        "Docker daemon not reachable at " + socket_path + ": " + ec.message());
  }
  http::request<http::string_body> req = BuildRequest(request, upgrade);
  co_await http::async_write(stream, req, token);
  if (ec) co_return IoError(socket_path, request, ec, "write");
  co_return Status();
}

}  // namespace

asio::awaitable<Result<UnixHttpReply>> SendUnixHttp(std::string socket_path,
                                                    UnixHttpRequest request) {
  UnixStream stream(co_await asio::this_coro::executor);
  if (Status sent = co_await ConnectAndSend(stream, socket_path, request, /*upgrade=*/false);
      !sent.ok()) {
    co_return sent.error();
  }
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  co_await http::async_read(stream, buffer, parser, token);
  if (ec) co_return IoError(socket_path, request, ec, "read");

  auto& res = parser.get();
  UnixHttpReply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = std::move(res.body());
  for (const auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    reply.headers[std::move(name)] = std::string(field.value());
  }
  stream.socket().shutdown(asio::local::stream_protocol::socket::shutdown_both, ec);
  co_return reply;
}

asio::awaitable<Result<UpgradeReply>> SendUnixHttpUpgrade(std::string socket_path,
                                                          UnixHttpRequest request) {
  UnixStream stream(co_await asio::this_coro::executor);
  if (Status sent = co_await ConnectAndSend(stream, socket_path, request, /*upgrade=*/true);
      !sent.ok()) {
    co_return sent.error();
  }
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);

  // Read the header only: what follows is the stream, not an HTTP body.
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> header_parser;
  co_await http::async_read_header(stream, buffer, header_parser, token);
  if (ec) co_return IoError(socket_path, request, ec, "read");

  UpgradeReply reply;
  reply.status = static_cast<int>(header_parser.get().result_int());
  if (reply.status != 101 && reply.status != 200) {
    // An error answer is an ordinary response: read its body.
    http::response_parser<http::string_body> parser(std::move(header_parser));
    parser.body_limit(kMaxBody);
    co_await http::async_read(stream, buffer, parser, token);
    if (ec) co_return IoError(socket_path, request, ec, "read");
    reply.body = std::move(parser.get().body());
    co_return reply;
  }
  const auto pending = buffer.data();
  reply.leftover.assign(static_cast<const char*>(pending.data()), pending.size());
  stream.expires_never();
  reply.socket.emplace(stream.release_socket());
  co_return reply;
}

}  // namespace lambdex::docker
