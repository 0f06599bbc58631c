#include "controller/api/concurrency_tracker.h"

namespace lambdex::api {

ConcurrencyTracker::Slot& ConcurrencyTracker::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    state_ = std::move(other.state_);
    name_ = std::move(other.name_);
  }
  return *this;
}

void ConcurrencyTracker::Slot::Release() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  auto it = state_->in_flight.find(name_);
  if (it != state_->in_flight.end() && --it->second <= 0) state_->in_flight.erase(it);
  state_.reset();
}

std::optional<ConcurrencyTracker::Slot> ConcurrencyTracker::TryAcquire(std::string_view name,
                                                                       std::optional<int> limit) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->in_flight.find(name);
  const int running = it == state_->in_flight.end() ? 0 : it->second;
  if (limit && running >= *limit) return std::nullopt;
  if (it == state_->in_flight.end()) {
    state_->in_flight.emplace(std::string(name), 1);
  } else {
    ++it->second;
  }
  return Slot(state_, std::string(name));
}

int ConcurrencyTracker::InFlight(std::string_view name) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->in_flight.find(name);
  return it == state_->in_flight.end() ? 0 : it->second;
}

}  // namespace lambdex::api
