#include "controller/pool/warm_pool.h"

namespace lambdex::pool {

WarmPool::WarmPool(PoolLimits limits, const Clock& clock) : limits_(limits), clock_(clock) {}

Decision WarmPool::Acquire(const std::string& fn) {
  // Most recently used first keeps the working set small and lets the others expire.
  Entry* best = nullptr;
  const ContainerId* best_id = nullptr;
  for (auto& [id, e] : entries_) {
    if (e.fn != fn || e.busy) continue;
    if (best == nullptr || e.idle_since > best->idle_since) {
      best = &e;
      best_id = &id;
    }
  }
  if (best != nullptr) {
    best->busy = true;
    return Reuse{*best_id};
  }
  PerFunction& pf = functions_[fn];
  if (pf.containers + pf.starting >= limits_.max_per_function) return Wait{};
  ++pf.starting;
  return Start{pf.generation};
}

void WarmPool::Started(const std::string& fn, const ContainerId& id, int generation) {
  PerFunction& pf = functions_[fn];
  if (pf.starting > 0) --pf.starting;
  ++pf.containers;
  entries_[id] = Entry{fn, true, clock_.Now(), generation};
}

void WarmPool::StartFailed(const std::string& fn) {
  PerFunction& pf = functions_[fn];
  if (pf.starting > 0) --pf.starting;
}

bool WarmPool::Release(const ContainerId& id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return false;
  if (it->second.generation != functions_[it->second.fn].generation) {
    Remove(id);
    return false;
  }
  it->second.busy = false;
  it->second.idle_since = clock_.Now();
  return true;
}

void WarmPool::Remove(const ContainerId& id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  PerFunction& pf = functions_[it->second.fn];
  if (pf.containers > 0) --pf.containers;
  entries_.erase(it);
}

std::vector<ContainerId> WarmPool::Retire(const std::string& fn) {
  std::vector<ContainerId> idle;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.fn != fn) {
      ++it;
      continue;
    }
    if (!it->second.busy) idle.push_back(it->first);
    it = entries_.erase(it);
  }
  PerFunction& pf = functions_[fn];
  pf.containers = 0;
  ++pf.generation;
  return idle;
}

std::vector<ContainerId> WarmPool::ExpireIdle() {
  std::vector<ContainerId> expired;
  const auto now = clock_.Now();
  for (const auto& [id, e] : entries_) {
    if (!e.busy && now - e.idle_since >= limits_.idle_ttl) expired.push_back(id);
  }
  for (const auto& id : expired) Remove(id);
  return expired;
}

int WarmPool::Count(const std::string& fn) const {
  auto it = functions_.find(fn);
  return it == functions_.end() ? 0 : it->second.containers + it->second.starting;
}

int WarmPool::IdleCount(const std::string& fn) const {
  int n = 0;
  for (const auto& [id, e] : entries_) n += (e.fn == fn && !e.busy) ? 1 : 0;
  return n;
}

std::vector<ContainerId> WarmPool::All() const {
  std::vector<ContainerId> ids;
  for (const auto& [id, e] : entries_) ids.push_back(id);
  return ids;
}

}  // namespace lambdex::pool
