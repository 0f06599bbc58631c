// The frame codec, tested as a table of ways a framed stream can go wrong
// (after leveldb's db/log_test.cc).
#include "shared/framing/frame.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace lambdex::framing {
namespace {

link::Envelope Invoke(const std::string& id, const std::string& payload) {
  link::Envelope env;
  env.mutable_invoke()->set_request_id(id);
  env.mutable_invoke()->set_payload(payload);
  return env;
}

std::string Encode(const link::Envelope& env) {
  std::string out;
  EXPECT_TRUE(EncodeFrame(env, &out).ok());
  return out;
}

std::string Header(std::uint32_t len) {
  std::string h(4, '\0');
  h[0] = static_cast<char>(len >> 24);
  h[1] = static_cast<char>(len >> 16);
  h[2] = static_cast<char>(len >> 8);
  h[3] = static_cast<char>(len);
  return h;
}

TEST(FrameCodec, RoundTrip) {
  FrameDecoder d;
  d.Append(Encode(Invoke("req-1", "{\"a\":1}")));
  auto next = d.Next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->invoke().request_id(), "req-1");
  EXPECT_EQ((*next)->invoke().payload(), "{\"a\":1}");
  EXPECT_FALSE(d.HasPartialFrame());
}

TEST(FrameCodec, HeaderIsBigEndianBodyLength) {
  const std::string frame = Encode(Invoke("x", "y"));
  auto len = DecodeHeader(frame);
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(*len + kHeaderSize, frame.size());
  EXPECT_EQ(frame[0], 0);
}

TEST(FrameCodec, SixMegabytePayloadFits) {
  const std::string payload(6 * 1024 * 1024, 'z');
  FrameDecoder d;
  d.Append(Encode(Invoke("big", payload)));
  auto next = d.Next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->invoke().payload(), payload);
}

TEST(FrameCodec, OneByteAtATime) {
  const std::string frame = Encode(Invoke("slow", std::string(1000, 'q')));
  FrameDecoder d;
  for (std::size_t i = 0; i + 1 < frame.size(); ++i) {
    d.Append(frame.substr(i, 1));
    auto next = d.Next();
    ASSERT_TRUE(next.ok()) << "at byte " << i;
    ASSERT_FALSE(next->has_value()) << "frame complete early at byte " << i;
    EXPECT_TRUE(d.HasPartialFrame());
  }
  d.Append(frame.substr(frame.size() - 1));
  auto next = d.Next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->invoke().request_id(), "slow");
}

TEST(FrameCodec, TwoFramesInOneRead) {
  FrameDecoder d;
  d.Append(Encode(Invoke("a", "1")) + Encode(Invoke("b", "2")));
  auto first = d.Next();
  auto second = d.Next();
  auto third = d.Next();
  ASSERT_TRUE(first.ok() && first->has_value());
  ASSERT_TRUE(second.ok() && second->has_value());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ((*first)->invoke().request_id(), "a");
  EXPECT_EQ((*second)->invoke().request_id(), "b");
  EXPECT_FALSE(third->has_value());
}

TEST(FrameCodec, TruncatedHeaderWaitsAndReportsPartial) {
  FrameDecoder d;
  d.Append(std::string("\0\0", 2));
  auto next = d.Next();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  EXPECT_TRUE(d.HasPartialFrame());
}

TEST(FrameCodec, TruncatedBodyWaitsAndReportsPartial) {
  const std::string frame = Encode(Invoke("cut", "payload"));
  FrameDecoder d;
  d.Append(frame.substr(0, frame.size() - 3));
  auto next = d.Next();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
  EXPECT_TRUE(d.HasPartialFrame());
}

TEST(FrameCodec, OversizeLengthIsRejectedBeforeTheBody) {
  FrameDecoder d;
  d.Append(Header(kMaxFrameBody + 1));
  auto next = d.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().code, ErrorCode::kProtocol);
  EXPECT_NE(next.error().message.find("exceeds"), std::string::npos);
  // The decoder stays failed: a corrupt stream cannot resynchronise.
  d.Append(Encode(Invoke("after", "")));
  EXPECT_FALSE(d.Next().ok());
}

TEST(FrameCodec, MaxLengthHeaderIsAccepted) {
  EXPECT_TRUE(DecodeHeader(Header(kMaxFrameBody)).ok());
  EXPECT_FALSE(DecodeHeader(Header(0xFFFFFFFFu)).ok());
}

TEST(FrameCodec, GarbageBodyIsAProtocolError) {
  FrameDecoder d;
  d.Append(Header(4) + std::string("\xff\xff\xff\xff", 4));
  auto next = d.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().code, ErrorCode::kProtocol);
}

TEST(FrameCodec, EmptyEnvelopeIsAProtocolError) {
  FrameDecoder d;
  d.Append(Header(0));
  auto next = d.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().code, ErrorCode::kProtocol);
}

TEST(FrameCodec, EncodeRefusesOversizeMessage) {
  std::string out = "keep";
  auto st = EncodeFrame(Invoke("huge", std::string(kMaxFrameBody + 1, 'x')), &out);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(out, "keep");
}

TEST(FrameCodec, RandomBytesNeverCrashOrHang) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 2000; ++round) {
    std::string junk(rng() % 64, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    FrameDecoder d;
    d.Append(junk);
    // Bounded: each call either consumes a frame, waits, or fails.
    for (int i = 0; i < 64; ++i) {
      auto next = d.Next();
      if (!next.ok() || !next->has_value()) break;
    }
  }
  SUCCEED();
}

}  // namespace
}  // namespace lambdex::framing
