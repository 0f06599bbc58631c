#include "controller/docker/stdio_demux.h"

#include <algorithm>
#include <cassert>

namespace lambdex::docker {

namespace {
constexpr std::uint8_t kStdin = 0, kStdout = 1, kStderr = 2, kSystemErr = 3;
}  // namespace

std::string EncodeMuxChunk(std::uint8_t type, std::string_view payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out{static_cast<char>(type),
                  0,
                  0,
                  0,
                  static_cast<char>(n >> 24),
                  static_cast<char>(n >> 16),
                  static_cast<char>(n >> 8),
                  static_cast<char>(n)};
  out.append(payload);
  return out;
}

Status StdioDemuxer::Feed(std::string_view bytes) {
  if (failed_) return *failed_;
  while (!bytes.empty()) {
    if (remaining_ == 0) {
      const std::size_t n = std::min(kMuxHeaderSize - header_len_, bytes.size());
      std::copy_n(bytes.data(), n, header_ + header_len_);
      header_len_ += n;
      bytes.remove_prefix(n);
      if (header_len_ < kMuxHeaderSize) break;
      type_ = static_cast<std::uint8_t>(header_[0]);
      if (type_ > kSystemErr) {
        failed_ = MakeError(ErrorCode::kProtocol,
                            "docker stdio stream: unknown stream type " + std::to_string(type_));
        return *failed_;
      }
      const auto* u = reinterpret_cast<const unsigned char*>(header_);
      remaining_ = (std::uint32_t{u[4]} << 24) | (std::uint32_t{u[5]} << 16) |
                   (std::uint32_t{u[6]} << 8) | std::uint32_t{u[7]};
      header_len_ = 0;
      continue;  // an empty chunk carries nothing
    }
    const std::size_t n = std::min<std::size_t>(remaining_, bytes.size());
    Payload(bytes.substr(0, n));
    bytes.remove_prefix(n);
    remaining_ -= static_cast<std::uint32_t>(n);
    if (remaining_ == 0) {
      if (type_ == kSystemErr) {
        failed_ = MakeError(ErrorCode::kInternal, "docker daemon: " + systemerr_);
        return *failed_;
      }
    }
  }
  return Status();
}

void StdioDemuxer::Payload(std::string_view bytes) {
  switch (type_) {
    case kStdin:
    case kStdout:
      if (taken_ > 0 && taken_ == stdout_.size()) {
        stdout_.clear();
        taken_ = 0;
      }
      stdout_.append(bytes);
      break;
    case kStderr:
      EmitStderr(bytes);
      break;
    case kSystemErr:
      systemerr_.append(bytes);
      break;
  }
}

void StdioDemuxer::EmitStderr(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t nl = bytes.find('\n');
    const std::size_t room = kMaxStderrLine - stderr_line_.size();
    if (nl == std::string_view::npos && bytes.size() < room) {
      stderr_line_.append(bytes);
      return;
    }
    const std::size_t n = std::min(nl == std::string_view::npos ? bytes.size() : nl, room);
    stderr_line_.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    if (!bytes.empty() && bytes.front() == '\n') bytes.remove_prefix(1);
    if (!stderr_line_.empty() && stderr_line_.back() == '\r') stderr_line_.pop_back();
    if (on_stderr_) on_stderr_(stderr_line_);
    stderr_line_.clear();
  }
}

Status StdioDemuxer::Finish() {
  if (!stderr_line_.empty()) {
    if (on_stderr_) on_stderr_(stderr_line_);
    stderr_line_.clear();
  }
  if (failed_) return *failed_;
  if (header_len_ != 0 || remaining_ != 0) {
    failed_ = MakeError(ErrorCode::kProtocol,
                        remaining_ != 0 ? "docker stdio stream ended inside a chunk"
                                        : "docker stdio stream ended inside a chunk header");
    return *failed_;
  }
  return Status();
}

void StdioDemuxer::TakeStdout(std::size_t n, std::string& out) {
  assert(n <= StdoutAvailable());
  out.assign(stdout_, taken_, n);
  taken_ += n;
  // Compact once the taken prefix dominates, so appends stay amortised O(1).
  if (taken_ == stdout_.size()) {
    stdout_.clear();
    taken_ = 0;
  } else if (taken_ > (1u << 20) && taken_ > stdout_.size() / 2) {
    stdout_.erase(0, taken_);
    taken_ = 0;
  }
}

}  // namespace lambdex::docker
