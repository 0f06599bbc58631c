// Serves the Runtime API over HTTP/1.1 with keep-alive on one TCP endpoint.
// Each complete request goes to the handler (pure decisions live there); a
// ParkNext answer holds that connection open until Deliver() or DropParked().
// Owns its acceptor and sessions; the handler must outlive the server.
// Single-threaded: use only from the io_context it was built on.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include "agent/runtime_api/http_types.h"
#include "shared/util/result.h"

namespace lambdex::agent::runtime_api {

class Server {
 public:
  using Handler = std::function<std::variant<HttpReply, ParkNext>(const HttpRequestView&)>;

  Server(boost::asio::io_context& io, Handler handler);

  // Binds and listens; port 0 picks a free one. Returns the bound endpoint.
  Result<boost::asio::ip::tcp::endpoint> Listen(const boost::asio::ip::tcp::endpoint& at);
  // Starts accepting connections (after Listen).
  void Start();
  // Answers the parked GET /next. False when none is parked.
  bool Deliver(HttpReply reply);
  // Closes the parked GET /next's connection (its runtime is gone). Every
  // connection open now belongs to that runtime too: requests still arriving
  // on them (a killed runtime's last /next, say) are dropped, never handled
  // as the next runtime's.
  void DropParked();

 private:
  // A parked GET /next: its session waits on `wake` until Deliver() fills
  // `reply` and cancels the wait, or DropParked() cancels it empty.
  struct Parked {
    explicit Parked(boost::asio::any_io_executor ex) : wake(ex) {}
    boost::asio::steady_timer wake;
    std::optional<HttpReply> reply;
  };

  void Wake(Parked& parked);

  boost::asio::awaitable<void> AcceptLoop();
  boost::asio::awaitable<void> Session(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  Handler handler_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<Parked> parked_;
  std::uint64_t generation_ = 0;  // bumped by DropParked(); sessions remember theirs
};

}  // namespace lambdex::agent::runtime_api
