// A small Beast HTTP/1.1 server over Asio coroutines: one coroutine per
// connection, keep-alive, no pipelining, bounded request size and read time.
// The handler gets whole requests and returns whole responses.
// Thread-compatible: construct, Listen, Start and Stop on the executor's
// thread; the server must outlive every connection (i.e. the io_context run).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "controller/api/http_types.h"
#include "shared/util/result.h"

namespace lambdex::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP literal; no name resolution
  std::string port = "4566";       // "0" picks a free port (see Port())
  // A 50 MB zip is ~70 MB of base64 inside CreateFunction's JSON.
  std::uint64_t body_limit = 80ull * 1024 * 1024;
  std::uint32_t header_limit = 64 * 1024;
  // From the first byte a connection waits for to the end of the request,
  // including an idle keep-alive connection waiting for its next request.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
};

class HttpServer {
 public:
  using Handler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest)>;

  HttpServer(boost::asio::any_io_executor executor, HttpServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; kInvalidRequest for a bad host/port, kInternal if the
  // address is taken.
  Status Listen();
  std::uint16_t Port() const;  // the bound port; valid after Listen()

  // Spawns the accept loop on the executor. Call after Listen().
  void Start();

  // Closes the acceptor and every open connection; in-flight handlers finish
  // but their responses are dropped.
  void Stop();

 private:
  boost::asio::awaitable<void> AcceptLoop();
  boost::asio::awaitable<void> Session(boost::asio::ip::tcp::socket socket);

  boost::asio::any_io_executor executor_;
  HttpServerOptions options_;
  Handler handler_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint64_t next_session_ = 0;
  std::map<std::uint64_t, boost::asio::ip::tcp::socket*> sessions_;  // open connections
  bool stopped_ = false;
};

}  // namespace lambdex::api
