#include "controller/bench/progress.h"

#include <unistd.h>

#include <cstdio>

namespace lambdex::bench {

Progress::Progress() : tty_(::isatty(STDERR_FILENO) == 1) {}

void Progress::Phase(const std::string& text) {
  std::lock_guard lock(mutex_);
  phase_ = text;
  if (tty_) {
    std::fprintf(stderr, "\r\033[K[bench] %s", text.c_str());
    dirty_ = true;
  } else {
    std::fprintf(stderr, "[bench] %s\n", text.c_str());
  }
  std::fflush(stderr);
}

void Progress::Update(const std::string& text) {
  if (!tty_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  std::fprintf(stderr, "\r\033[K[bench] %s %s", phase_.c_str(), text.c_str());
  std::fflush(stderr);
  dirty_ = true;
}

void Progress::Done() {
  std::lock_guard lock(mutex_);
  if (tty_ && dirty_) std::fputs("\r\033[K", stderr);
  dirty_ = false;
  std::fflush(stderr);
}

}  // namespace lambdex::bench
