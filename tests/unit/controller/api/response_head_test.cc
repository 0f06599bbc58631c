#include "controller/api/response_head.h"

#include <gtest/gtest.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;

// What Beast's own serializer writes before the body.
std::string BeastHead(HttpResponse& res) {
  http::response_serializer<http::string_body> sr{res};
  sr.split(true);
  std::string out;
  boost::system::error_code ec;
  while (!sr.is_header_done()) {
    sr.next(ec, [&](boost::system::error_code&, const auto& buffers) {
      out += boost::beast::buffers_to_string(buffers);
      sr.consume(boost::beast::buffer_bytes(buffers));
    });
  }
  return out;
}

TEST(ResponseHeadTest, MatchesBeastSerializer) {
  HttpResponse ok{http::status::ok, 11};
  ok.set(http::field::content_type, "application/json");
  ok.set("X-Amz-Executed-Version", "$LATEST");
  ok.set("x-amzn-RequestId", "0f8e6c2a-1111-4222-8333-444455556666");
  ok.body() = "{\"a\":1}";
  ok.keep_alive(true);
  ok.prepare_payload();

  HttpResponse gone{http::status::not_found, 10};
  gone.set("x-amzn-ErrorType", "ResourceNotFoundException");
  gone.keep_alive(false);
  gone.prepare_payload();

  HttpResponse none{http::status::no_content, 11};
  none.prepare_payload();

  HttpResponse custom{http::status::too_many_requests, 11};
  custom.reason("Slow Down");
  custom.prepare_payload();

  for (HttpResponse* res : {&ok, &gone, &none, &custom}) {
    std::string head;
    AppendResponseHead(*res, head);
    EXPECT_EQ(head, BeastHead(*res));
  }
}

TEST(ResponseHeadTest, AppendsToWhatIsThere) {
  HttpResponse res{http::status::accepted, 11};
  res.prepare_payload();
  std::string head = "old";
  AppendResponseHead(res, head);
  EXPECT_EQ(head.rfind("oldHTTP/1.1 202 Accepted\r\n", 0), 0u);
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");
}

}  // namespace
}  // namespace lambdex::api
