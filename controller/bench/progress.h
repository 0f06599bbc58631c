// The progress line on stderr: rewritten in place on a terminal, one line
// per phase otherwise (so logs stay readable). Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace lambdex::bench {

class Progress {
 public:
  Progress();
  // A new phase ("stay-open: warm"); always shown.
  void Phase(const std::string& text);
  // Progress within the phase ("123/1000"); shown at most ten times a second,
  // and only on a terminal.
  void Update(const std::string& text);
  // Ends the in-place line before other output.
  void Done();

 private:
  std::mutex mutex_;
  bool tty_ = false;
  bool dirty_ = false;
  std::string phase_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace lambdex::bench
