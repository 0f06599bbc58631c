#include "tests/unit/controller/functions/zip_builder.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>

namespace lambdex::testing {
namespace {

la_ssize_t Append(archive*, void* client, const void* data, size_t size) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

std::string BuildZip(const std::vector<ZipEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, nullptr, Append, nullptr) != ARCHIVE_OK) std::abort();
  for (const ZipEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    switch (e.kind) {
      case ZipEntry::kFile:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
        break;
      case ZipEntry::kDir:
        archive_entry_set_filetype(entry, AE_IFDIR);
        break;
      case ZipEntry::kSymlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_symlink(entry, e.content.c_str());
        break;
    }
    archive_entry_set_perm(entry, static_cast<__LA_MODE_T>(e.mode));
    archive_write_header(a, entry);
    if (e.kind == ZipEntry::kFile && !e.content.empty()) {
      archive_write_data(a, e.content.data(), e.content.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace lambdex::testing
