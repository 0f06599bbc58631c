#include "controller/functions/zip_extract.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

namespace lambdex {
namespace {

namespace fs = std::filesystem;

constexpr char kUnzipError[] =
    "Could not unzip uploaded file. Please check your file, then try to upload again.";

struct ReaderDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriterDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};

const char* Why(archive* a) {
  const char* why = archive_error_string(a);
  return why != nullptr ? why : "unknown error";
}

Error Invalid(const std::string& detail) {
  return MakeError(ErrorCode::kInvalidRequest, std::string(kUnzipError) + " (" + detail + ")");
}

// The entry path made relative and normal, or empty if it leaves the root.
fs::path ContainedPath(const fs::path& raw) {
  if (raw.empty() || raw.is_absolute()) return {};
  fs::path normal = raw.lexically_normal();
  if (normal.empty() || *normal.begin() == ".." || normal == ".") return {};
  return normal;
}

// A symlink at `entry` (relative) pointing to `target` must stay inside.
bool SymlinkStaysInside(const fs::path& entry, const fs::path& target) {
  if (target.empty() || target.is_absolute()) return false;
  const fs::path resolved = (entry.parent_path() / target).lexically_normal();
  return resolved.empty() || resolved == "." || *resolved.begin() != "..";
}

Status CopyData(archive* reader, archive* writer, std::uint64_t& total, std::uint64_t max) {
  const void* block = nullptr;
  size_t size = 0;
  la_int64_t offset = 0;
  while (true) {
    const int r = archive_read_data_block(reader, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return {};
    if (r < ARCHIVE_WARN) return Invalid(Why(reader));
    total += size;
    if (total > max) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "Unzipped size must be smaller than " + std::to_string(max) + " bytes");
    }
    if (archive_write_data_block(writer, block, size, offset) < ARCHIVE_WARN) {
      return MakeError(ErrorCode::kInternal, std::string("writing code: ") + Why(writer));
    }
  }
}

Status ExtractEntry(archive* reader, archive* writer, archive_entry* entry, const fs::path& dest,
                    std::uint64_t& total, std::uint64_t max) {
  const char* raw_name = archive_entry_pathname(entry);
  const fs::path rel = ContainedPath(raw_name ? raw_name : "");
  if (rel.empty()) return Invalid(std::string("illegal path: ") + (raw_name ? raw_name : ""));
  if (const char* link = archive_entry_symlink(entry); link != nullptr) {
    if (!SymlinkStaysInside(rel, link)) {
      return Invalid("symlink points outside the package: " + rel.string());
    }
  }
  if (const char* hard = archive_entry_hardlink(entry); hard != nullptr) {
    const fs::path target = ContainedPath(hard);
    if (target.empty()) return Invalid("hardlink points outside the package: " + rel.string());
    archive_entry_set_hardlink(entry, (dest / target).c_str());
  }
  archive_entry_set_pathname(entry, (dest / rel).c_str());
  if (archive_write_header(writer, entry) < ARCHIVE_WARN) {
    return Invalid(std::string("cannot extract ") + rel.string() + ": " + Why(writer));
  }
  if (archive_entry_size(entry) > 0) {
    if (Status s = CopyData(reader, writer, total, max); !s) return s;
  }
  if (archive_write_finish_entry(writer) < ARCHIVE_WARN) {
    return MakeError(ErrorCode::kInternal,
                     std::string("finishing ") + rel.string() + ": " + Why(writer));
  }
  return {};
}

}  // namespace

Status ExtractZip(std::string_view zip_bytes, const fs::path& dest,
                  std::uint64_t max_unzipped_bytes) {
  if (zip_bytes.empty()) return Invalid("empty file");
  std::unique_ptr<archive, ReaderDeleter> reader(archive_read_new());
  archive_read_support_format_zip(reader.get());
  if (archive_read_open_memory(reader.get(), zip_bytes.data(), zip_bytes.size()) != ARCHIVE_OK) {
    return Invalid(Why(reader.get()));
  }
  std::unique_ptr<archive, WriterDeleter> writer(archive_write_disk_new());
  // Our own checks above come first; these flags are defense in depth
  // (no "..", never write through a symlink). Paths are made absolute under
  // `dest`, so NOABSOLUTEPATHS cannot be used here.
  archive_write_disk_set_options(writer.get(), ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME |
                                                   ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                                   ARCHIVE_EXTRACT_SECURE_SYMLINKS);
  std::uint64_t total = 0;
  archive_entry* entry = nullptr;
  while (true) {
    const int r = archive_read_next_header(reader.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return Invalid(Why(reader.get()));
    if (Status s = ExtractEntry(reader.get(), writer.get(), entry, dest, total, max_unzipped_bytes);
        !s) {
      return s;
    }
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    return MakeError(ErrorCode::kInternal, std::string("closing extraction: ") + Why(writer.get()));
  }
  return {};
}

}  // namespace lambdex
