// agent/link/frame_reader.h over a real socket pair: frames split at every
// byte, several frames in one write, a close inside a frame, a bad header.
#include "agent/link/frame_reader.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>
#include <vector>

namespace lambdex::agent::link {
namespace {
namespace asio = boost::asio;
using asio::local::stream_protocol;

std::string Frame(const std::string& id, std::size_t payload_bytes = 10) {
  lambdex::link::Envelope env;
  env.mutable_invoke()->set_request_id(id);
  env.mutable_invoke()->set_payload(std::string(payload_bytes, 'p'));
  std::string out;
  EXPECT_TRUE(framing::EncodeFrame(env, &out).ok());
  return out;
}

class FrameReaderTest : public ::testing::Test {
 protected:
  FrameReaderTest() : a_(io_), b_(io_) { asio::local::connect_pair(a_, b_); }

  // A writer thread writes `chunks` one write each (pausing between them, so
  // the reader sees the pieces), while this thread reads `count` frames.
  std::vector<Result<lambdex::link::Envelope>> Run(const std::vector<std::string>& chunks,
                                                   int count, bool close_after = false) {
    std::vector<Result<lambdex::link::Envelope>> got;
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
          for (int i = 0; i < count; ++i) got.push_back(co_await reader_.Read(b_));
        },
        asio::detached);
    std::thread writer([&] {
      for (const std::string& c : chunks) {
        asio::write(a_, asio::buffer(c));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      if (close_after) a_.close();
    });
    io_.run_for(std::chrono::seconds(10));
    writer.join();
    return got;
  }

  asio::io_context io_;
  stream_protocol::socket a_, b_;
  FrameReader reader_;
};

TEST_F(FrameReaderTest, WholeFrame) {
  auto got = Run({Frame("a")}, 1);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0].ok());
  EXPECT_EQ(got[0]->invoke().request_id(), "a");
}

TEST_F(FrameReaderTest, OneByteAtATime) {
  const std::string f = Frame("slow");
  std::vector<std::string> bytes;
  for (char c : f) bytes.emplace_back(1, c);
  auto got = Run(bytes, 1);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0].ok());
  EXPECT_EQ(got[0]->invoke().request_id(), "slow");
}

TEST_F(FrameReaderTest, ThreeFramesInOneWriteThenABigOneThenASmallOne) {
  auto got = Run({Frame("1") + Frame("2") + Frame("3"), Frame("big", 6 << 20), Frame("4")}, 5);
  ASSERT_EQ(got.size(), 5u);
  const char* ids[] = {"1", "2", "3", "big", "4"};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(got[i].ok()) << i;
    EXPECT_EQ(got[i]->invoke().request_id(), ids[i]);
  }
  EXPECT_EQ(got[3]->invoke().payload().size(), std::size_t{6} << 20);
}

TEST_F(FrameReaderTest, CloseBetweenFramesIsLinkClosed) {
  auto got = Run({Frame("a")}, 2, /*close_after=*/true);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(got[0].ok());
  ASSERT_FALSE(got[1].ok());
  EXPECT_EQ(got[1].error().code, ErrorCode::kContainerDied);
}

TEST_F(FrameReaderTest, CloseInsideAFrameIsTruncation) {
  const std::string f = Frame("cut");
  auto got = Run({f.substr(0, f.size() - 3)}, 1, /*close_after=*/true);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_FALSE(got[0].ok());
  EXPECT_EQ(got[0].error().code, ErrorCode::kProtocol);
}

TEST_F(FrameReaderTest, OversizeLengthIsProtocolError) {
  auto got = Run({std::string("\xff\xff\xff\xff", 4)}, 1);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_FALSE(got[0].ok());
  EXPECT_EQ(got[0].error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace lambdex::agent::link
