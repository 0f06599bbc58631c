// libFuzzer: any request to the Lambda API gets an HTTP answer — never a
// crash — and every error answer has AWS's shape (x-amzn-ErrorType header,
// JSON body with a message). Input: method byte, target line, body.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/unit/controller/api/api_test_env.h"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static lambdex::api::testing::ApiTestEnv* env = new lambdex::api::testing::ApiTestEnv();
  if (size < 2) return 0;
  static constexpr http::verb kVerbs[] = {http::verb::get, http::verb::post, http::verb::put,
                                          http::verb::delete_};
  const http::verb verb = kVerbs[data[0] % 4];
  std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto nl = rest.find('\n');
  std::string target = rest.substr(0, nl);
  std::string body = nl == std::string::npos ? "" : rest.substr(nl + 1);
  if (target.empty() || target[0] != '/') target.insert(0, "/2015-03-31/functions/");
  // Beast rejects control characters in a target; so would its parser on the wire.
  for (char& c : target) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) c = '_';
  }
  auto res = env->Send(verb, target, body);
  const unsigned status = res.result_int();
  if (status < 200 || status > 599) {
    std::fprintf(stderr, "bad status %u for %s\n", status, target.c_str());
    std::abort();
  }
  if (status >= 400) {
    if (res["x-amzn-ErrorType"].empty()) std::abort();
    boost::system::error_code ec;
    auto doc = boost::json::parse(res.body(), ec);
    if (ec || !doc.is_object()) std::abort();
  }
  return 0;
}
