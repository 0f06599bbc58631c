// Time as a dependency: production code asks a Clock, tests drive a manual one.
// Implementations are thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>

namespace lambdex {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() const = 0;
  // Wall-clock milliseconds since the epoch (deadlines are wall-clock in Lambda).
  virtual std::int64_t UnixMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override {
    return std::chrono::steady_clock::now();
  }
  std::int64_t UnixMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override { return now_; }
  std::int64_t UnixMillis() const override {
    return unix_base_ms_ +
           std::chrono::duration_cast<std::chrono::milliseconds>(now_.time_since_epoch()).count();
  }
  void Advance(std::chrono::steady_clock::duration d) { now_ += d; }

 private:
  std::chrono::steady_clock::time_point now_{};
  std::int64_t unix_base_ms_ = 1'700'000'000'000;
};

}  // namespace lambdex
