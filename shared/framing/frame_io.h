// Reads and writes frames on any Asio byte stream (Unix socket, pipe, TCP)
// from a C++20 coroutine. Errors are values: a clean close between frames is
// kContainerDied ("link closed"), a close inside a frame or bad bytes kProtocol.
#pragma once

#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "shared/framing/frame.h"

namespace lambdex::framing {

namespace detail {
inline Error StreamError(const boost::system::error_code& ec, bool inside_frame) {
  if (ec == boost::asio::error::eof && !inside_frame) {
    return MakeError(ErrorCode::kContainerDied, "link closed by peer");
  }
  if (ec == boost::asio::error::eof) {
    return MakeError(ErrorCode::kProtocol, "link closed inside a frame (truncated)");
  }
  if (ec == boost::asio::error::operation_aborted) {
    return MakeError(ErrorCode::kTimeout, "link operation cancelled");
  }
  return MakeError(ErrorCode::kContainerDied, "link error: " + ec.message());
}
}  // namespace detail

// Reads one whole frame. `body` is scratch space reused across calls.
template <typename Stream>
boost::asio::awaitable<Result<link::Envelope>> ReadFrame(Stream& stream, std::string& body) {
  std::array<char, kHeaderSize> header;
  boost::system::error_code ec;
  const std::size_t got =
      co_await boost::asio::async_read(stream, boost::asio::buffer(header),
                                       boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (ec) co_return detail::StreamError(ec, got > 0);
  auto len = DecodeHeader(std::string_view(header.data(), header.size()));
  if (!len.ok()) co_return len.error();
  body.resize(*len);
  co_await boost::asio::async_read(stream, boost::asio::buffer(body),
                                   boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (ec) co_return detail::StreamError(ec, true);
  co_return DecodeBody(body);
}

// Writes one frame. `scratch` is reused across calls to avoid reallocating.
template <typename Stream>
boost::asio::awaitable<Status> WriteFrame(Stream& stream, const link::Envelope& env,
                                          std::string& scratch) {
  scratch.clear();
  if (auto st = EncodeFrame(env, &scratch); !st.ok()) co_return st;
  boost::system::error_code ec;
  co_await boost::asio::async_write(stream, boost::asio::buffer(scratch),
                                    boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (ec) co_return detail::StreamError(ec, false);
  co_return Status();
}

}  // namespace lambdex::framing
