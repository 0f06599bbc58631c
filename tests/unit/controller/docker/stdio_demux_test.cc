// StdioDemuxer: every way the daemon's multiplexed stream can arrive, split
// or be corrupt (the leveldb log_test shape).
#include "controller/docker/stdio_demux.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lambdex::docker {
namespace {

std::string Out(std::string_view s) { return EncodeMuxChunk(1, s); }
std::string Err(std::string_view s) { return EncodeMuxChunk(2, s); }

struct Outcome {
  Status feed;  // first failing Feed, or ok
  Status finish;
  std::string stdout_bytes;
  std::vector<std::string> lines;
};

// Feeds `stream` in pieces of `piece` bytes (0: all at once), then Finish().
Outcome Demux(const std::string& stream, std::size_t piece = 0) {
  Outcome run;
  StdioDemuxer demux([&](std::string_view line) { run.lines.emplace_back(line); });
  if (piece == 0) piece = stream.size() + 1;
  for (std::size_t i = 0; i < stream.size() && run.feed.ok(); i += piece) {
    run.feed = demux.Feed(std::string_view(stream).substr(i, piece));
  }
  run.finish = demux.Finish();
  demux.TakeStdout(demux.StdoutAvailable(), run.stdout_bytes);
  return run;
}

TEST(StdioDemuxer, EncodedHeaderIsTypeZerosAndBigEndianSize) {
  EXPECT_EQ(EncodeMuxChunk(2, std::string(258, 'x')).substr(0, 8),
            std::string("\x02\x00\x00\x00\x00\x00\x01\x02", 8));
}

TEST(StdioDemuxer, OneChunk) {
  Outcome r = Demux(Out("hello"));
  ASSERT_TRUE(r.feed.ok());
  ASSERT_TRUE(r.finish.ok());
  EXPECT_EQ(r.stdout_bytes, "hello");
  EXPECT_TRUE(r.lines.empty());
}

TEST(StdioDemuxer, EveryPieceSizeGivesTheSameResult) {
  // Headers and payloads split at every possible offset.
  const std::string stream =
      Out("ab") + Err("one\ntw") + Out("") + Out("cd") + Err("o\n") + EncodeMuxChunk(0, "e");
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    SCOPED_TRACE("piece=" + std::to_string(piece));
    Outcome r = Demux(stream, piece);
    ASSERT_TRUE(r.feed.ok());
    ASSERT_TRUE(r.finish.ok());
    EXPECT_EQ(r.stdout_bytes, "abcde");
    EXPECT_EQ(r.lines, (std::vector<std::string>{"one", "two"}));
  }
}

TEST(StdioDemuxer, InterleavedStdoutAndStderr) {
  Outcome r = Demux(Err("a\n") + Out("1") + Err("b\r\nc\n\n") + Out("2"));
  ASSERT_TRUE(r.finish.ok());
  EXPECT_EQ(r.stdout_bytes, "12");
  EXPECT_EQ(r.lines, (std::vector<std::string>{"a", "b", "c", ""}));
}

TEST(StdioDemuxer, ZeroLengthChunksCarryNothing) {
  Outcome r = Demux(Out("") + Err("") + Out("x") + Out(""));
  ASSERT_TRUE(r.finish.ok());
  EXPECT_EQ(r.stdout_bytes, "x");
  EXPECT_TRUE(r.lines.empty());
}

TEST(StdioDemuxer, UnterminatedStderrLineIsFlushedAtEnd) {
  Outcome r = Demux(Err("no newline"));
  ASSERT_TRUE(r.finish.ok());
  EXPECT_EQ(r.lines, (std::vector<std::string>{"no newline"}));
}

TEST(StdioDemuxer, LongStderrLineArrivesInPieces) {
  Outcome r = Demux(Err(std::string(kMaxStderrLine + 10, 'x') + "\n"));
  ASSERT_TRUE(r.finish.ok());
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].size(), kMaxStderrLine);
  EXPECT_EQ(r.lines[1].size(), 10u);
}

TEST(StdioDemuxer, TruncatedHeaderAtEof) {
  Outcome r = Demux(Out("ok") + Out("x").substr(0, 5));
  ASSERT_TRUE(r.feed.ok());
  ASSERT_FALSE(r.finish.ok());
  EXPECT_EQ(r.finish.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.finish.error().message.find("header"), std::string::npos);
  EXPECT_EQ(r.stdout_bytes, "ok");
}

TEST(StdioDemuxer, TruncatedPayloadAtEof) {
  Outcome r = Demux(Out("complete").substr(0, 10));
  ASSERT_FALSE(r.finish.ok());
  EXPECT_EQ(r.finish.error().code, ErrorCode::kProtocol);
  EXPECT_EQ(r.stdout_bytes, "co");
}

TEST(StdioDemuxer, UnknownStreamTypeFailsAndStaysFailed) {
  StdioDemuxer demux(nullptr);
  Status st = demux.Feed(Out("a") + EncodeMuxChunk(7, "zz"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kProtocol);
  EXPECT_NE(st.error().message.find("7"), std::string::npos);
  EXPECT_FALSE(demux.Feed(Out("b")).ok());
  EXPECT_FALSE(demux.Finish().ok());
}

TEST(StdioDemuxer, GarbageIsAnUnknownStreamType) {
  Outcome r = Demux("HTTP/1.1 500 Internal Server Error\r\n");
  ASSERT_FALSE(r.feed.ok());
  EXPECT_EQ(r.feed.error().code, ErrorCode::kProtocol);
}

TEST(StdioDemuxer, SystemErrorCarriesTheDaemonsMessage) {
  Outcome r = Demux(EncodeMuxChunk(3, "exec failed: no such file"), 3);
  ASSERT_FALSE(r.feed.ok());
  EXPECT_EQ(r.feed.error().code, ErrorCode::kInternal);
  EXPECT_NE(r.feed.error().message.find("exec failed: no such file"), std::string::npos);
}

TEST(StdioDemuxer, LargeStdoutFromManyChunksTakenInParts) {
  std::string payload(6 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 131 + 7);
  std::string stream;
  for (std::size_t i = 0; i < payload.size(); i += 32 << 10) {
    stream += Out(std::string_view(payload).substr(i, 32 << 10));
  }
  StdioDemuxer demux(nullptr);
  std::string got, part;
  for (std::size_t i = 0; i < stream.size(); i += 65536) {
    ASSERT_TRUE(demux.Feed(std::string_view(stream).substr(i, 65536)).ok());
    while (demux.StdoutAvailable() >= 100000) {
      demux.TakeStdout(100000, part);
      got += part;
    }
  }
  demux.TakeStdout(demux.StdoutAvailable(), part);
  got += part;
  EXPECT_EQ(got, payload);
}

}  // namespace
}  // namespace lambdex::docker
