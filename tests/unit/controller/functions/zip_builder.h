// Builds zip archives in memory with libarchive's writer, for tests.
#pragma once

#include <string>
#include <vector>

namespace lambdex::testing {

struct ZipEntry {
  std::string path;
  std::string content;  // file data, or the target of a symlink
  int mode = 0644;      // permission bits
  enum Kind { kFile, kDir, kSymlink } kind = kFile;
};

std::string BuildZip(const std::vector<ZipEntry>& entries);

}  // namespace lambdex::testing
