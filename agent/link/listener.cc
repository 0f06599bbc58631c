#include "agent/link/listener.h"

#include <sys/stat.h>
#include <unistd.h>

namespace lambdex::agent::link {
namespace asio = boost::asio;
using asio::local::stream_protocol;

Result<stream_protocol::acceptor> ListenUnix(asio::io_context& io, const std::string& path) {
  ::unlink(path.c_str());
  stream_protocol::acceptor acceptor(io);
  boost::system::error_code ec;
  acceptor.open(stream_protocol(), ec);
  // Create the file owner-only from the start; there is no window at a wider mode.
  const mode_t old_mask = ::umask(0177);
  if (!ec) acceptor.bind(stream_protocol::endpoint(path), ec);
  ::umask(old_mask);
  if (!ec && ::chmod(path.c_str(), 0600) != 0) {
    ec = boost::system::error_code(errno, boost::system::system_category());
  }
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "listen on " + path + ": " + ec.message());
  return acceptor;
}

}  // namespace lambdex::agent::link
