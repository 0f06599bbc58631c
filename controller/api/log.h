// The "api" spdlog logger (created on first use from the default logger's sinks).
#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace lambdex::api {

std::shared_ptr<spdlog::logger> ApiLog();

}  // namespace lambdex::api
