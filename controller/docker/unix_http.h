// One HTTP/1.1 request over a Unix socket: connect, write, read, close.
// A thin Beast adapter; the Docker semantics live in http_engine.cc.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "shared/util/result.h"

namespace lambdex::docker {

struct UnixHttpRequest {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;  // "/v1.41/containers/json?all=1"
  std::string body;    // sent as application/json when non-empty
  std::chrono::milliseconds timeout{30000};
};

struct UnixHttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

// Errors: cannot connect -> kDockerUnavailable naming `socket_path`; the
// whole exchange exceeding request.timeout -> kTimeout; a broken exchange
// after connecting -> kDockerUnavailable. Any HTTP status is a success here.
boost::asio::awaitable<Result<UnixHttpReply>> SendUnixHttp(std::string socket_path,
                                                           UnixHttpRequest request);

// The answer to an upgrade request. On 101 (or 200, which some daemons send
// instead) the connection now carries a raw byte stream: `socket` owns it and
// `leftover` holds stream bytes that arrived together with the header. On
// any other status `body` holds the daemon's error and there is no socket.
struct UpgradeReply {
  int status = 0;
  std::string body;
  std::optional<boost::asio::local::stream_protocol::socket> socket;
  std::string leftover;
};

// Sends `request` with "Connection: Upgrade" and "Upgrade: tcp" and reads
// only the response header (request.timeout bounds this part alone; the
// stream that follows has no deadline). Errors as SendUnixHttp.
boost::asio::awaitable<Result<UpgradeReply>> SendUnixHttpUpgrade(std::string socket_path,
                                                                 UnixHttpRequest request);

}  // namespace lambdex::docker
