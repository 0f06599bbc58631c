#include "controller/api/json_check.h"

#include <gtest/gtest.h>

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <string>

namespace lambdex::api {
namespace {

// CheckJson must judge exactly as boost::json::parse, which it replaces.
boost::system::error_code ParseError(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  return ec;
}

TEST(CheckJsonTest, AcceptsWhatParseAccepts) {
  for (std::string_view text :
       {"{}", "[]", "0", "-1.5e10", "\"s\"", "true", "null", " {\"a\":[1,{\"b\":null}]} \n",
        "{\"k\":\"\\u00e9\\n\"}", "18446744073709551615"}) {
    EXPECT_FALSE(CheckJson(text)) << text;
    EXPECT_FALSE(ParseError(text)) << text;
  }
}

TEST(CheckJsonTest, RejectsWithTheSameErrorAsParse) {
  for (std::string_view text : {"", "   ", "{", "{\"a\":}", "[1,]", "{} x", "{}{}", "nul", "'a'",
                                "{\"a\":1,}", "// c\n{}", "\"\\x\"", "\"\xff\""}) {
    const boost::system::error_code ec = CheckJson(text);
    EXPECT_TRUE(ec) << text;
    EXPECT_EQ(ec, ParseError(text)) << text;
  }
}

TEST(CheckJsonTest, EmptyIsIncomplete) { EXPECT_EQ(CheckJson(""), boost::json::error::incomplete); }

TEST(CheckJsonTest, DepthLimitMatchesParse) {
  const std::string deep = std::string(33, '[') + std::string(33, ']');
  const std::string ok = std::string(32, '[') + std::string(32, ']');
  EXPECT_EQ(CheckJson(deep), ParseError(deep));
  EXPECT_TRUE(CheckJson(deep));
  EXPECT_FALSE(CheckJson(ok));
}

TEST(CheckJsonTest, SixMegabytePayload) {
  std::string big = "{\"data\":\"";
  big.append(6 * 1024 * 1024 - 32, 'x');
  big += "\",\"n\":[1,2,3]}";
  EXPECT_FALSE(CheckJson(big));
  big.pop_back();  // truncated
  EXPECT_EQ(CheckJson(big), boost::json::error::incomplete);
}

}  // namespace
}  // namespace lambdex::api
