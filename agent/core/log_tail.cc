#include "agent/core/log_tail.h"

#include <utility>

namespace lambdex::agent {

void LogTail::Append(std::string_view bytes) {
  if (bytes.size() >= capacity_) {
    data_.assign(bytes.substr(bytes.size() - capacity_));
    return;
  }
  data_.append(bytes);
  if (data_.size() > capacity_) data_.erase(0, data_.size() - capacity_);
}

std::string LogTail::Take() {
  std::string out = std::move(data_);
  data_.clear();
  return out;
}

}  // namespace lambdex::agent
