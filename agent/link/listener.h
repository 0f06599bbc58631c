// The stay-open agent's Unix socket: replaces a stale file, binds with mode
// 0600 and listens. Owns the acceptor.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <string>

#include "shared/util/result.h"

namespace lambdex::agent::link {

Result<boost::asio::local::stream_protocol::acceptor> ListenUnix(boost::asio::io_context& io,
                                                                 const std::string& path);

}  // namespace lambdex::agent::link
