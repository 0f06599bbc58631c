// Splits a byte stream into lines (newline kept) for log forwarding. Lines
// longer than the cap are cut so a runtime that never prints '\n' still shows.
// Pure; thread-compatible.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace lambdex::agent::process {

class LineSplitter {
 public:
  using Sink = std::function<void(std::string_view line)>;
  explicit LineSplitter(std::size_t max_line = 64 * 1024) : max_line_(max_line) {}

  // Calls `sink` for every complete line in `bytes` (after earlier partial data).
  void Feed(std::string_view bytes, const Sink& sink);
  // Emits a trailing partial line, if any (end of stream).
  void Flush(const Sink& sink);

 private:
  std::size_t max_line_;
  std::string partial_;
};

}  // namespace lambdex::agent::process
