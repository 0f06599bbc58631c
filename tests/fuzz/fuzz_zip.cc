// libFuzzer: unpacking an uploaded "zip" never crashes and never writes
// outside the function's code directory, whatever the archive holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "controller/functions/code_store.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path root = [] {
    char tmpl[] = "/tmp/lambdex-fuzz-zip-XXXXXX";
    return fs::path(::mkdtemp(tmpl));
  }();
  const fs::path data_dir = root / "data";
  lambdex::CodeStore store(data_dir);
  auto loc = store.StoreZip("fn", std::string_view(reinterpret_cast<const char*>(data), size));
  // Whatever happened, nothing may exist outside <data_dir>/code/fn.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (entry.path() != data_dir) std::abort();
  }
  for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
    if (entry.path().filename() != "code") std::abort();
  }
  store.RemoveRevisions("fn");
  return 0;
}
