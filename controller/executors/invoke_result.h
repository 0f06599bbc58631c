// Translation between the API's InvokeInput/InvokeOutput and the link's
// frames, shared by every executor so each mode answers in one shape. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "controller/executors/executor.h"
#include "lambdex.pb.h"

namespace lambdex {

link::InvokeRequest MakeInvokeRequest(const FunctionConfig& fn, InvokeInput input,
                                      std::int64_t now_unix_ms);

InvokeOutput ToInvokeOutput(link::InvokeResult result);

// The answer when the environment vanished mid-call (killed, OOM, wedged):
// a function error in the runtime's shape, as AWS reports a dead sandbox.
InvokeOutput LostEnvironmentOutput(const std::string& request_id, bool oom_killed,
                                   const Error& cause);

// {"errorMessage": message, "errorType": type}
std::string ErrorDocument(const std::string& type, const std::string& message);

}  // namespace lambdex
