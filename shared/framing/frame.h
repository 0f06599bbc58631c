// The link's frame codec: a 4-byte big-endian body length, then one protobuf
// lambdex.link.Envelope (see shared/proto/PROTOCOL.md). Pure: no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lambdex.pb.h"
#include "shared/util/result.h"

namespace lambdex::framing {

inline constexpr std::size_t kHeaderSize = 4;
// Admits a 6 MB payload (AWS's synchronous cap) with room for envelope and logs.
inline constexpr std::uint32_t kMaxFrameBody = 16u << 20;

// Appends the encoded frame for `msg` to `out`. Fails only when the message
// would exceed kMaxFrameBody.
Status EncodeFrame(const link::Envelope& msg, std::string* out);

// Reads the body length from a complete header; kProtocol when over the cap.
Result<std::uint32_t> DecodeHeader(std::string_view header);

// Parses a frame body; kProtocol when it is not an Envelope carrying a message.
Result<link::Envelope> DecodeBody(std::string_view body);

// Incremental decoder for a byte stream that arrives in arbitrary pieces.
// Thread-compatible.
class FrameDecoder {
 public:
  void Append(std::string_view bytes) { buffer_.append(bytes); }

  // The next complete frame, std::nullopt when more bytes are needed, or an
  // error when the stream is corrupt (after which the decoder stays failed).
  Result<std::optional<link::Envelope>> Next();

  // True when bytes of an unfinished frame are buffered (a close now is a truncation).
  bool HasPartialFrame() const { return buffer_.size() > consumed_; }

 private:
  std::string buffer_;
  std::size_t consumed_ = 0;
  std::optional<Error> failed_;
};

}  // namespace lambdex::framing
