// Tells whether a hot-reload code directory changed since it was last asked,
// so warm runtimes can be recycled before they serve stale code.
// Thread-compatible.
#pragma once

#include <map>
#include <set>
#include <string>

namespace lambdex {

class HotReloadWatcher {
 public:
  virtual ~HotReloadWatcher() = default;
  // First call for `fn` (or a new `dir`) starts watching and returns false;
  // later calls return true when anything under `dir` changed in between.
  virtual bool Changed(const std::string& fn, const std::string& dir) = 0;
  virtual void Forget(const std::string& fn) = 0;
};

// inotify, recursive: new subdirectories are watched as they appear. Events
// are drained without blocking when asked, so no thread or timer is needed:
// the kernel queues an event before the editor's write returns.
class InotifyWatcher final : public HotReloadWatcher {
 public:
  InotifyWatcher();
  ~InotifyWatcher() override;
  InotifyWatcher(const InotifyWatcher&) = delete;
  InotifyWatcher& operator=(const InotifyWatcher&) = delete;

  bool Changed(const std::string& fn, const std::string& dir) override;
  void Forget(const std::string& fn) override;

  bool ok() const { return fd_ >= 0; }

 private:
  void AddTree(const std::string& fn, const std::string& dir);
  void Drain();

  int fd_ = -1;
  std::map<int, std::pair<std::string, std::string>> wd_;  // wd -> (fn, path)
  std::map<std::string, std::string> dirs_;                // fn -> root dir
  std::set<std::string> dirty_;                            // fns changed since asked
};

}  // namespace lambdex
