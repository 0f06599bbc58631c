// In-flight invocations per function, for reserved concurrency
// (PutFunctionConcurrency): an invocation holds a Slot while it runs, and
// none is handed out beyond the function's reservation. Independent of the
// executor. Thread-safe; a Slot may outlive the tracker.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lambdex::api {

class ConcurrencyTracker {
  struct State {
    std::mutex mutex;
    std::map<std::string, int, std::less<>> in_flight;  // GUARDED_BY(mutex)
  };

 public:
  // Releases its place when destroyed. Move-only.
  class Slot {
   public:
    Slot(std::shared_ptr<State> state, std::string name)
        : state_(std::move(state)), name_(std::move(name)) {}
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { Release(); }

   private:
    void Release();
    std::shared_ptr<State> state_;
    std::string name_;
  };

  // A slot, or nullopt when `limit` invocations of `name` already run
  // (a limit of 0 refuses every call; no limit never refuses).
  std::optional<Slot> TryAcquire(std::string_view name, std::optional<int> limit);

  int InFlight(std::string_view name) const;

 private:
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace lambdex::api
