// A framed connection to the controller: a Unix socket (stay-open mode) or the
// stdin/stdout pair of a one-shot agent. Owns its descriptors.
// Single-threaded: use only from the io_context it was built on; at most one
// Read() and one Write() in flight at a time.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <memory>
#include <string>

#include "lambdex.pb.h"
#include "shared/util/result.h"

namespace lambdex::agent::link {

class Connection {
 public:
  virtual ~Connection() = default;
  virtual boost::asio::awaitable<Result<lambdex::link::Envelope>> Read() = 0;
  virtual boost::asio::awaitable<Status> Write(const lambdex::link::Envelope& message) = 0;
  virtual void Close() = 0;
};

std::unique_ptr<Connection> MakeSocketConnection(
    boost::asio::local::stream_protocol::socket socket);
// Takes ownership of both descriptors (they may not be the same).
std::unique_ptr<Connection> MakePipeConnection(boost::asio::io_context& io, int read_fd,
                                               int write_fd);

}  // namespace lambdex::agent::link
