#include "agent/process/line_splitter.h"

namespace lambdex::agent::process {

void LineSplitter::Feed(std::string_view bytes, const Sink& sink) {
  while (!bytes.empty()) {
    const std::size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      partial_.append(bytes);
      if (partial_.size() >= max_line_) Flush(sink);
      return;
    }
    if (partial_.empty()) {
      sink(bytes.substr(0, nl + 1));
    } else {
      partial_.append(bytes.substr(0, nl + 1));
      sink(partial_);
      partial_.clear();
    }
    bytes.remove_prefix(nl + 1);
  }
}

void LineSplitter::Flush(const Sink& sink) {
  if (partial_.empty()) return;
  sink(partial_);
  partial_.clear();
}

}  // namespace lambdex::agent::process
