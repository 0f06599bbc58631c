// libFuzzer: the frame decoder must never crash, hang or over-read, whatever
// bytes arrive and however they are split. The first byte picks the split.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "shared/framing/frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  lambdex::framing::FrameDecoder decoder;
  for (std::size_t off = 0; off < bytes.size(); off += chunk) {
    decoder.Append(bytes.substr(off, chunk));
    for (;;) {
      auto next = decoder.Next();
      if (!next.ok() || !next->has_value()) break;
    }
  }
  return 0;
}
