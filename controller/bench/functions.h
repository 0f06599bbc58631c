// The functions a bench run creates: their Python source, zipped and wrapped
// in CreateFunction's JSON. Pure apart from libarchive's in-memory writer.
#pragma once

#include <map>
#include <string>

#include "shared/util/result.h"

namespace lambdex::bench {

// app.handler returns its event unchanged.
extern const char kEchoSource[];
// app.py sleeps 1 s at import time (module-level init), then echoes.
extern const char kInitHeavySource[];

// A zip archive holding `files` (name -> content), in memory.
Result<std::string> MakeZip(const std::map<std::string, std::string>& files);

std::string Base64(const std::string& bytes);

// CreateFunction's request body for app.handler with `source` as app.py.
Result<std::string> CreateFunctionBody(const std::string& name, const std::string& runtime,
                                       const std::string& source);

// A JSON event of about `bytes` bytes: {"data":"xxxx..."}.
std::string EchoPayload(int bytes);

// A Python one-liner that defines the echo handler, calls it on `payload`
// and prints the JSON result: what `docker run/exec python3 -c` runs.
std::string HandlerCallScript(const std::string& payload);

// A Python one-liner printing the echo handler's per-call time in
// microseconds, measured with timeit in one process (json parse + call + dump).
std::string InProcessLoopScript(const std::string& payload);

}  // namespace lambdex::bench
