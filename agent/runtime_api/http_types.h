// Plain HTTP request/reply values exchanged between the Beast server and the
// pure Runtime API handlers. No Beast types, so handlers test without sockets.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "agent/core/invocation_machine.h"

namespace lambdex::agent::runtime_api {

// A complete request as read off the wire. Views into the server's buffers,
// valid for the duration of one Dispatch() call.
struct HttpRequestView {
  std::string_view method;  // "GET", "POST", ...
  std::string_view target;  // path (and query), e.g. "/2018-06-01/runtime/invocation/next"
  std::string_view body;
  std::string_view function_error_type;  // Lambda-Runtime-Function-Error-Type header
  // The storage behind `body` when the caller lets a handler move it out
  // (the server does; the handler then owns the bytes). May be null.
  std::string* body_storage = nullptr;
};

struct HttpReply {
  unsigned status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/Length
  std::string content_type = "application/json";
};

// GET /next found nothing to deliver: hold the request open until one comes.
struct ParkNext {};

// What the server does with one request, and what the agent must do.
struct ApiOutcome {
  std::variant<HttpReply, ParkNext> reply;
  Effects effects;
};

// {"errorMessage":message,"errorType":type}, the Runtime API's error document.
HttpReply ErrorReply(unsigned status, std::string_view type, std::string_view message);
HttpReply AcceptedReply();  // 202 {"status":"OK"}

}  // namespace lambdex::agent::runtime_api
