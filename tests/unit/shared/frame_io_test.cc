// ReadFrame/WriteFrame over a real connected Unix socket pair.
#include "shared/framing/frame_io.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace lambdex::framing {
namespace {

namespace asio = boost::asio;
using Socket = asio::local::stream_protocol::socket;

template <typename F>
void RunCoroutine(asio::io_context& io, F f) {
  bool done = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await f();
        done = true;
      },
      asio::detached);
  io.run();
  ASSERT_TRUE(done);
}

TEST(FrameIo, LargeFrameWithConcurrentReader) {
  asio::io_context io;
  Socket a(io), b(io);
  asio::local::connect_pair(a, b);
  std::string got_payload;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        link::Envelope env;
        env.mutable_result()->set_request_id("big");
        env.mutable_result()->set_response(std::string(6 << 20, 'p'));
        std::string scratch;
        EXPECT_TRUE((co_await WriteFrame(a, env, scratch)).ok());
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        std::string body;
        auto env = co_await ReadFrame(b, body);
        EXPECT_TRUE(env.ok());
        if (env.ok()) got_payload = env->result().response();
      },
      asio::detached);
  io.run();
  EXPECT_EQ(got_payload.size(), std::size_t{6} << 20);
}

TEST(FrameIo, CleanCloseBetweenFramesIsLinkClosed) {
  asio::io_context io;
  Socket a(io), b(io);
  asio::local::connect_pair(a, b);
  a.close();
  RunCoroutine(io, [&]() -> asio::awaitable<void> {
    std::string body;
    auto env = co_await ReadFrame(b, body);
    EXPECT_FALSE(env.ok());
    if (!env.ok()) {
      EXPECT_EQ(env.error().code, ErrorCode::kContainerDied);
    }
  });
}

TEST(FrameIo, CloseInsideAFrameIsTruncation) {
  asio::io_context io;
  Socket a(io), b(io);
  asio::local::connect_pair(a, b);
  asio::write(a, asio::buffer(std::string("\0\0\0\x10partial", 11)));
  a.close();
  RunCoroutine(io, [&]() -> asio::awaitable<void> {
    std::string body;
    auto env = co_await ReadFrame(b, body);
    EXPECT_FALSE(env.ok());
    if (!env.ok()) {
      EXPECT_EQ(env.error().code, ErrorCode::kProtocol);
    }
  });
}

TEST(FrameIo, OversizeHeaderFailsWithoutReadingBody) {
  asio::io_context io;
  Socket a(io), b(io);
  asio::local::connect_pair(a, b);
  asio::write(a, asio::buffer(std::string("\x7f\xff\xff\xff", 4)));
  RunCoroutine(io, [&]() -> asio::awaitable<void> {
    std::string body;
    auto env = co_await ReadFrame(b, body);
    EXPECT_FALSE(env.ok());
    if (!env.ok()) {
      EXPECT_EQ(env.error().code, ErrorCode::kProtocol);
    }
    EXPECT_TRUE(body.empty());
  });
}

}  // namespace
}  // namespace lambdex::framing
