// Decides which warm container serves an invocation. Owns no sockets and never
// blocks; the caller carries out the returned Decision (start a container,
// wait, or use the one named).
// One invocation per container at a time, as in AWS; at most
// `max_per_function` containers (starting ones included) per function.
// Thread-compatible: call only from the controller's io_context.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "shared/util/clock.h"

namespace lambdex::pool {

using ContainerId = std::string;

struct PoolLimits {
  int max_per_function = 10;
  std::chrono::milliseconds idle_ttl{600000};
};

struct Reuse {
  ContainerId id;
};
// The caller starts one, then reports Started() or StartFailed(). A container
// started across a Retire() serves its one call and is then removed.
struct Start {
  int generation = 0;  // hand back to Started()
};
struct Wait {};  // at capacity: wait for a Release/Remove, then Acquire again
using Decision = std::variant<Reuse, Start, Wait>;

class WarmPool {
 public:
  WarmPool(PoolLimits limits, const Clock& clock);  // clock must outlive this

  Decision Acquire(const std::string& fn);
  // The container the caller started after a Start decision; it is busy.
  void Started(const std::string& fn, const ContainerId& id, int generation);
  void StartFailed(const std::string& fn);

  // The invocation on `id` ended. True: it is idle and warm again. False: it
  // was retired meanwhile, is forgotten, and the caller removes it.
  bool Release(const ContainerId& id);
  // Forgets `id` (it died or is being removed).
  void Remove(const ContainerId& id);

  // Forgets every container of `fn`; returns the idle ones for the caller to
  // remove now. Busy ones are reported by their Release (false).
  std::vector<ContainerId> Retire(const std::string& fn);
  // Idle longer than the limit: forgotten and returned for removal.
  std::vector<ContainerId> ExpireIdle();

  int Count(const std::string& fn) const;  // warm + busy + starting
  int IdleCount(const std::string& fn) const;
  std::vector<ContainerId> All() const;

 private:
  struct Entry {
    std::string fn;
    bool busy = true;
    std::chrono::steady_clock::time_point idle_since;
    int generation = 0;
  };
  struct PerFunction {
    int starting = 0;
    int containers = 0;
    int generation = 0;  // bumped by Retire()
  };

  PoolLimits limits_;
  const Clock& clock_;
  std::map<ContainerId, Entry> entries_;
  std::map<std::string, PerFunction> functions_;
};

}  // namespace lambdex::pool
