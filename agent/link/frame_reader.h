// Reads frames from an Asio byte stream through a buffer: one read() usually
// brings a whole frame (header and body), where framing::ReadFrame reads the
// header and the body separately. Bytes of a following frame stay buffered for
// the next Read(). Errors as framing::ReadFrame's.
// Single-threaded: one Read() in flight at a time.
#pragma once

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

#include "shared/framing/frame_io.h"

namespace lambdex::agent::link {

class FrameReader {
 public:
  template <typename Stream>
  boost::asio::awaitable<Result<lambdex::link::Envelope>> Read(Stream& stream) {
    namespace asio = boost::asio;
    for (;;) {
      const std::size_t have = end_ - begin_;
      std::size_t need = framing::kHeaderSize;
      if (have >= framing::kHeaderSize) {
        auto len =
            framing::DecodeHeader(std::string_view(buf_.data() + begin_, framing::kHeaderSize));
        if (!len.ok()) co_return len.error();
        need = framing::kHeaderSize + *len;
        if (have >= need) {
          auto env = framing::DecodeBody(
              std::string_view(buf_.data() + begin_ + framing::kHeaderSize, *len));
          begin_ += need;
          if (begin_ == end_) begin_ = end_ = 0;
          co_return env;
        }
      }
      MakeRoom(need);
      boost::system::error_code ec;
      const std::size_t n =
          co_await stream.async_read_some(asio::buffer(buf_.data() + end_, buf_.size() - end_),
                                          asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return framing::detail::StreamError(ec, have > 0);
      end_ += n;
    }
  }

 private:
  static constexpr std::size_t kMinBuffer = 16 * 1024;

  // Makes room for a frame of `need` bytes starting at begin_.
  void MakeRoom(std::size_t need) {
    // A 6 MB frame's buffer is not kept for the next 1 KB one.
    if (end_ == 0 && need <= kMinBuffer && buf_.size() > 4 * kMinBuffer) std::string().swap(buf_);
    if (begin_ > 0 && buf_.size() - begin_ < need) {
      std::copy(buf_.data() + begin_, buf_.data() + end_, buf_.data());
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() - begin_ < need) buf_.resize(std::max(begin_ + need, kMinBuffer));
  }

  std::string buf_;
  std::size_t begin_ = 0, end_ = 0;
};

}  // namespace lambdex::agent::link
