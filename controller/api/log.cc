#include "controller/api/log.h"

#include <spdlog/spdlog.h>

#include <mutex>

namespace lambdex::api {

std::shared_ptr<spdlog::logger> ApiLog() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto existing = spdlog::get("api")) return existing;
  auto logger = spdlog::default_logger()->clone("api");
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace lambdex::api
