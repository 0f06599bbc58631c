#include "controller/executors/hot_reload.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>

namespace lambdex {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kMask = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF;

// Byte-code caches a host-side runtime writes are not edits.
bool Ignored(std::string_view name) {
  return name == "__pycache__" || name.ends_with(".pyc") || name.ends_with(".swp") ||
         name.ends_with("~");
}

}  // namespace

InotifyWatcher::InotifyWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void InotifyWatcher::AddTree(const std::string& fn, const std::string& dir) {
  const int wd = ::inotify_add_watch(fd_, dir.c_str(), kMask | IN_ONLYDIR);
  if (wd >= 0) wd_[wd] = {fn, dir};
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && !Ignored(it->path().filename().string())) {
      const int sub = ::inotify_add_watch(fd_, it->path().c_str(), kMask | IN_ONLYDIR);
      if (sub >= 0) wd_[sub] = {fn, it->path().string()};
    } else if (it->is_directory(ec)) {
      it.disable_recursion_pending();
    }
  }
}

void InotifyWatcher::Drain() {
  alignas(inotify_event) char buf[16384];
  for (;;) {
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) return;
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      auto it = wd_.find(ev->wd);
      if (it == wd_.end()) continue;
      const std::string_view name = ev->len ? std::string_view(ev->name) : std::string_view();
      if (Ignored(name)) continue;
      const auto [fn, path] = it->second;
      dirty_.insert(fn);
      if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
        AddTree(fn, path + "/" + std::string(name));
      }
      if (ev->mask & IN_IGNORED) wd_.erase(ev->wd);
    }
  }
}

bool InotifyWatcher::Changed(const std::string& fn, const std::string& dir) {
  if (fd_ < 0) return false;
  Drain();
  auto it = dirs_.find(fn);
  if (it == dirs_.end() || it->second != dir) {
    Forget(fn);
    dirs_[fn] = dir;
    AddTree(fn, dir);
    return false;
  }
  return dirty_.erase(fn) > 0;
}

void InotifyWatcher::Forget(const std::string& fn) {
  for (auto it = wd_.begin(); it != wd_.end();) {
    if (it->second.first == fn) {
      ::inotify_rm_watch(fd_, it->first);
      it = wd_.erase(it);
    } else {
      ++it;
    }
  }
  dirs_.erase(fn);
  dirty_.erase(fn);
}

}  // namespace lambdex
