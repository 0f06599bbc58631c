// The controller's end of one agent connection (a Unix socket the agent
// listens on inside the container). Carries one invocation at a time.
// Thread-compatible; used from the controller's io_context.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <chrono>
#include <string>

#include "lambdex.pb.h"
#include "shared/util/result.h"

namespace lambdex {

class AgentLink {
 public:
  explicit AgentLink(boost::asio::any_io_executor ex) : socket_(ex) {}

  // Connects to `socket_path`, retrying while the agent is not yet listening,
  // until `timeout`; then reads the agent's Hello.
  boost::asio::awaitable<Status> Connect(std::string socket_path,
                                         std::chrono::milliseconds timeout);

  // Sends `request` and waits for its result. If nothing comes back within
  // `timeout` (the agent enforces the function's deadline, so this only fires
  // when the container is wedged) the link is closed and kTimeout returned.
  boost::asio::awaitable<Result<link::InvokeResult>> Invoke(const link::InvokeRequest& request,
                                                            std::chrono::milliseconds timeout);

  void Close();
  bool is_open() const { return socket_.is_open(); }
  int native_handle() { return socket_.native_handle(); }

 private:
  boost::asio::local::stream_protocol::socket socket_;
  link::Envelope out_;
  std::string write_scratch_;
  std::string read_scratch_;
};

}  // namespace lambdex
