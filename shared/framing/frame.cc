#include "shared/framing/frame.h"

namespace lambdex::framing {

Status EncodeFrame(const link::Envelope& msg, std::string* out) {
  const std::size_t body = msg.ByteSizeLong();
  if (body > kMaxFrameBody) {
    return MakeError(ErrorCode::kRequestTooLarge, "frame body of " + std::to_string(body) +
                                                      " bytes exceeds the " +
                                                      std::to_string(kMaxFrameBody) + "-byte cap");
  }
  const std::size_t start = out->size();
  out->resize(start + kHeaderSize);
  auto* h = reinterpret_cast<unsigned char*>(out->data() + start);
  h[0] = static_cast<unsigned char>(body >> 24);
  h[1] = static_cast<unsigned char>(body >> 16);
  h[2] = static_cast<unsigned char>(body >> 8);
  h[3] = static_cast<unsigned char>(body);
  if (!msg.AppendToString(out)) {
    out->resize(start);
    return MakeError(ErrorCode::kInternal, "protobuf serialisation failed");
  }
  return {};
}

Result<std::uint32_t> DecodeHeader(std::string_view header) {
  if (header.size() < kHeaderSize) return MakeError(ErrorCode::kProtocol, "short frame header");
  const auto* h = reinterpret_cast<const unsigned char*>(header.data());
  const std::uint32_t len = (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) |
                            (std::uint32_t{h[2]} << 8) | std::uint32_t{h[3]};
  if (len > kMaxFrameBody) {
    return MakeError(ErrorCode::kProtocol, "frame length " + std::to_string(len) +
                                               " exceeds the cap of " +
                                               std::to_string(kMaxFrameBody));
  }
  return len;
}

Result<link::Envelope> DecodeBody(std::string_view body) {
  link::Envelope env;
  if (!env.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return MakeError(ErrorCode::kProtocol, "frame body is not a valid Envelope");
  }
  if (env.msg_case() == link::Envelope::MSG_NOT_SET) {
    return MakeError(ErrorCode::kProtocol, "frame carries no message");
  }
  return env;
}

Result<std::optional<link::Envelope>> FrameDecoder::Next() {
  if (failed_) return *failed_;
  const std::string_view pending = std::string_view(buffer_).substr(consumed_);
  if (pending.size() < kHeaderSize) return std::optional<link::Envelope>();
  auto len = DecodeHeader(pending);
  if (!len.ok()) {
    failed_ = len.error();
    return *failed_;
  }
  if (pending.size() - kHeaderSize < *len) return std::optional<link::Envelope>();
  auto env = DecodeBody(pending.substr(kHeaderSize, *len));
  if (!env.ok()) {
    failed_ = env.error();
    return *failed_;
  }
  consumed_ += kHeaderSize + *len;
  // Compact once the consumed prefix dominates, keeping appends amortised O(1).
  if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return std::optional<link::Envelope>(std::move(env).value());
}

}  // namespace lambdex::framing
