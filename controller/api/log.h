// The "api" spdlog logger (created on first use from the default logger's sinks).
#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace lambdex::api {

std::shared_ptr<spdlog::logger> ApiLog();

}  // namespace lambdex::api
