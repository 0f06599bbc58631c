#include "shared/util/result.h"

namespace lambdex {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "NotFound";
    case ErrorCode::kInvalidRequest:
      return "InvalidRequest";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kTooManyRequests:
      return "TooManyRequests";
    case ErrorCode::kRequestTooLarge:
      return "RequestTooLarge";
    case ErrorCode::kTimeout:
      return "Timeout";
    case ErrorCode::kDockerUnavailable:
      return "DockerUnavailable";
    case ErrorCode::kContainerDied:
      return "ContainerDied";
    case ErrorCode::kProtocol:
      return "Protocol";
    case ErrorCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

}  // namespace lambdex
