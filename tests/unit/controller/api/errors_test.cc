#include "controller/api/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lambdex::api {
namespace {

struct MappingCase {
  ErrorCode code;
  unsigned status;
  const char* type;
};

class ErrorMappingTest : public ::testing::TestWithParam<MappingCase> {};

TEST_P(ErrorMappingTest, MapsCodeToAwsShape) {
  const MappingCase& c = GetParam();
  HttpResponse res = ErrorResponse(MakeError(c.code, "boom"));
  EXPECT_EQ(res.result_int(), c.status);
  EXPECT_EQ(res["x-amzn-ErrorType"], c.type);
  EXPECT_EQ(res[boost::beast::http::field::content_type], "application/json");
  boost::json::object body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("Type"), c.status >= 500 ? "Service" : "User");
  // botocore reads 'message' (or 'Message'); the code comes from the header.
  EXPECT_NE(std::string(body.at("message").as_string()).find("boom"), std::string::npos);
  EXPECT_EQ(res[boost::beast::http::field::content_length], std::to_string(res.body().size()));
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, ErrorMappingTest,
    ::testing::Values(MappingCase{ErrorCode::kNotFound, 404, "ResourceNotFoundException"},
                      MappingCase{ErrorCode::kInvalidRequest, 400,
                                  "InvalidParameterValueException"},
                      MappingCase{ErrorCode::kConflict, 409, "ResourceConflictException"},
                      MappingCase{ErrorCode::kTooManyRequests, 429, "TooManyRequestsException"},
                      MappingCase{ErrorCode::kRequestTooLarge, 413, "RequestTooLargeException"},
                      MappingCase{ErrorCode::kTimeout, 500, "ServiceException"},
                      MappingCase{ErrorCode::kDockerUnavailable, 502, "ServiceException"},
                      MappingCase{ErrorCode::kContainerDied, 502, "ServiceException"},
                      MappingCase{ErrorCode::kProtocol, 502, "ServiceException"},
                      MappingCase{ErrorCode::kInternal, 500, "ServiceException"}));

TEST(ErrorsTest, NotFoundMessagePassesThroughVerbatim) {
  ApiError e = ToApiError(MakeError(ErrorCode::kNotFound, "Function not found: arn:x"));
  EXPECT_EQ(e.message, "Function not found: arn:x");
}

TEST(ErrorsTest, DockerUnavailableSaysSo) {
  ApiError e = ToApiError(MakeError(ErrorCode::kDockerUnavailable, "no /var/run/docker.sock"));
  EXPECT_EQ(e.message, "Docker is unavailable: no /var/run/docker.sock");
}

TEST(ErrorsTest, ApiOnlyErrors) {
  EXPECT_EQ(InvalidRequestContent("x").status, 400u);
  EXPECT_EQ(InvalidRequestContent("x").type, "InvalidRequestContentException");
  EXPECT_EQ(RequestTooLarge("x").status, 413u);
  EXPECT_EQ(PreconditionFailed("x").type, "PreconditionFailedException");
  ApiError unknown = UnknownOperation("GET", "/nope");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.type, "UnknownOperationException");
}

}  // namespace
}  // namespace lambdex::api

namespace lambdex::api {
namespace {

// Found by tests/fuzz/fuzz_api: a function name of raw bytes echoed into the
// message made the error body invalid JSON.
TEST(ErrorsTest, InvalidUtf8InTheMessageStillGivesValidJson) {
  HttpResponse res = ErrorResponse(MakeError(ErrorCode::kNotFound,
                                             "Function not found: \xff\xc7"
                                             "ok \xe2\x82\xac \xed\xa0\x80"));
  boost::system::error_code ec;
  auto doc = boost::json::parse(res.body(), ec);
  ASSERT_FALSE(ec) << res.body();
  EXPECT_EQ(doc.at("message").as_string(),
            "Function not found: \xef\xbf\xbd\xef\xbf\xbdok \xe2\x82\xac "
            "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

}  // namespace
}  // namespace lambdex::api
