// A blocking HTTP/1.1 client for one lambdex on 127.0.0.1: one keep-alive
// connection, reopened after an error. No client-side deadline: a call waits
// for lambdex's own invocation timeout (a bench run is watched by a person).
// Thread-compatible: one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "shared/util/result.h"

namespace lambdex::bench {

struct HttpReply {
  int status = 0;
  std::string body;
  bool function_error = false;  // X-Amz-Function-Error was set
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One request; the connection stays open for the next. A transport error
  // closes it (the next call reconnects) and comes back as kInternal.
  Result<HttpReply> Request(const std::string& method, const std::string& target,
                            const std::string& body);

  Result<HttpReply> Get(const std::string& target) { return Request("GET", target, ""); }
  Result<HttpReply> Post(const std::string& target, const std::string& body) {
    return Request("POST", target, body);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lambdex::bench
