// The bytes of an HTTP/1.x response before its body: status line, header
// fields, blank line — what Beast's serializer writes for a string_body
// response whose payload is prepared (Content-Length set, no chunking).
// Writing head and body as two plain buffers costs a fraction of driving
// http::async_write's serializer per response. Pure; thread-safe.
#pragma once

#include <string>

#include "controller/api/http_types.h"

namespace lambdex::api {

// Appends the head of `res` to `out` (which the caller may reuse between
// responses to keep its capacity).
void AppendResponseHead(const HttpResponse& res, std::string& out);

}  // namespace lambdex::api
