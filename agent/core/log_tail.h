// The last few KiB of an invocation's runtime output, for InvokeResult.log_tail.
// Pure value type; thread-compatible.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lambdex::agent {

inline constexpr std::size_t kLogTailBytes = 4096;

class LogTail {
 public:
  explicit LogTail(std::size_t capacity = kLogTailBytes) : capacity_(capacity) {}

  // Appends bytes, dropping the oldest ones beyond the capacity.
  void Append(std::string_view bytes);
  // Returns the kept bytes and empties the buffer.
  std::string Take();
  const std::string& contents() const { return data_; }

 private:
  std::size_t capacity_;
  std::string data_;
};

}  // namespace lambdex::agent
