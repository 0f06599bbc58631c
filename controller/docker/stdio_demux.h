// Splits the Docker daemon's multiplexed stdio stream (attach / exec with Tty
// off) into stdout bytes and stderr lines. Each chunk is an 8-byte header
// [stream type, 0, 0, 0, uint32 big-endian payload size] then the payload;
// type 0 (stdin echo) and 1 count as stdout, 2 is stderr, 3 is the daemon's
// own error message ("systemerr"). Pure: bytes in, bytes and lines out.
// Thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "controller/docker/engine.h"
#include "shared/util/result.h"

namespace lambdex::docker {

inline constexpr std::size_t kMuxHeaderSize = 8;
// A stderr line longer than this is passed on in pieces.
inline constexpr std::size_t kMaxStderrLine = 64 << 10;

// The chunk the daemon would send for `payload` on stream `type` (fakes, tests).
std::string EncodeMuxChunk(std::uint8_t type, std::string_view payload);

class StdioDemuxer {
 public:
  // on_stderr may be empty (stderr is dropped).
  explicit StdioDemuxer(LineCallback on_stderr) : on_stderr_(std::move(on_stderr)) {}

  // Consumes bytes as they arrive, in pieces of any size. kProtocol on an
  // unknown stream type, kInternal with the daemon's message on a systemerr
  // chunk; after an error the demuxer stays failed.
  Status Feed(std::string_view bytes);
  // The stream ended: flushes an unterminated stderr line; kProtocol when it
  // ended inside a chunk.
  Status Finish();

  // Stdout received and not yet taken.
  std::size_t StdoutAvailable() const { return stdout_.size() - taken_; }
  // Replaces `out` with the next n stdout bytes; n <= StdoutAvailable().
  void TakeStdout(std::size_t n, std::string& out);

 private:
  void Payload(std::string_view bytes);
  void EmitStderr(std::string_view bytes);

  LineCallback on_stderr_;
  char header_[kMuxHeaderSize] = {};
  std::size_t header_len_ = 0;
  std::uint8_t type_ = 0;
  std::uint32_t remaining_ = 0;  // payload bytes left in the current chunk
  std::string stdout_;
  std::size_t taken_ = 0;  // prefix of stdout_ already taken
  std::string stderr_line_;
  std::string systemerr_;
  std::optional<Error> failed_;
};

}  // namespace lambdex::docker
