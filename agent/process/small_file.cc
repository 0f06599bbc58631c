#include "agent/process/small_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace lambdex::agent::process {
namespace {

// Kernel-generated files answer a read with as much as fits, so a short read
// is the end: one pread() per sample instead of a second one that sees EOF.
std::string ReadFrom(int fd) {
  std::string out;
  char buf[8192];
  for (off_t offset = 0;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {};
    out.append(buf, static_cast<std::size_t>(n));
    if (static_cast<std::size_t>(n) < sizeof buf) return out;
    offset += n;
  }
}

}  // namespace

std::string ReadSmallFile(const std::string& path) {
  SmallFile file(path);
  return file.Read();
}

SmallFile::SmallFile(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

SmallFile::~SmallFile() {
  if (fd_ >= 0) ::close(fd_);
}

SmallFile& SmallFile::operator=(SmallFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

std::string SmallFile::Read() const { return fd_ >= 0 ? ReadFrom(fd_) : std::string(); }

}  // namespace lambdex::agent::process
