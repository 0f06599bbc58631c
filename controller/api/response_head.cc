#include "controller/api/response_head.h"

#include <boost/beast/http/status.hpp>

namespace lambdex::api {

void AppendResponseHead(const HttpResponse& res, std::string& out) {
  out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  const unsigned code = res.result_int();
  const char digits[3] = {static_cast<char>('0' + code / 100 % 10),
                          static_cast<char>('0' + code / 10 % 10),
                          static_cast<char>('0' + code % 10)};
  out.append(digits, 3);
  out += ' ';
  const auto reason = res.reason();
  if (reason.empty()) {
    const auto fallback = boost::beast::http::obsolete_reason(res.result());
    out.append(fallback.data(), fallback.size());
  } else {
    out.append(reason.data(), reason.size());
  }
  out += "\r\n";
  for (const auto& field : res) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size());
    out += ": ";
    out.append(value.data(), value.size());
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace lambdex::api
