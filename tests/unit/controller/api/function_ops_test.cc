// CreateFunction, Get*, List, Update*, Delete through the whole handler.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/controller/api/api_test_env.h"

namespace lambdex::api {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using testing::ApiTestEnv;
using testing::Json;

constexpr char kFunctions[] = "/2015-03-31/functions";

TEST(FunctionOpsTest, CreateReturns201WithConfiguration) {
  ApiTestEnv env;
  HttpResponse res = env.Create("hello");
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  EXPECT_EQ(res["x-amzn-RequestId"], "id-1");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  json::object c = Json(res);
  EXPECT_EQ(c["FunctionName"], "hello");
  EXPECT_EQ(c["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:hello");
  EXPECT_EQ(c["Runtime"], "python3.12");
  EXPECT_EQ(c["Handler"], "app.handler");
  EXPECT_EQ(c["Timeout"], 3);
  EXPECT_EQ(c["MemorySize"], 128);
  EXPECT_EQ(c["Version"], "$LATEST");
  EXPECT_EQ(c["State"], "Active");
  EXPECT_EQ(c["LastUpdateStatus"], "Successful");
  EXPECT_EQ(c["PackageType"], "Zip");
  EXPECT_EQ(c["RevisionId"], "id-2");
  EXPECT_EQ(c["LastModified"], "2026-12-03T16:34:16.000+0000");
  EXPECT_EQ(c["Architectures"].as_array().at(0), "x86_64");
  EXPECT_GT(c["CodeSize"].as_int64(), 0);
  EXPECT_EQ(c["CodeSha256"].as_string().size(), 44u);
  Result<FunctionSnapshot> stored = env.registry().Get("hello");
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path((*stored)->code_dir) / "app.py"));
}

TEST(FunctionOpsTest, CreateWithEverything) {
  ApiTestEnv env;
  json::object body = json::parse(ApiTestEnv::CreateBody("full")).as_object();
  body["Timeout"] = 900;
  body["MemorySize"] = 10240;
  body["Description"] = "d";
  body["Environment"] = {{"Variables", {{"A", "1"}, {"B", "two"}}}};
  HttpResponse res = env.Send(http::verb::post, kFunctions, json::serialize(body));
  ASSERT_EQ(res.result_int(), 201u) << res.body();
  json::object c = Json(res);
  EXPECT_EQ(c["Timeout"], 900);
  EXPECT_EQ(c["MemorySize"], 10240);
  EXPECT_EQ(c["Environment"].at("Variables").at("B"), "two");
}

TEST(FunctionOpsTest, CreateConflict) {
  ApiTestEnv env;
  ASSERT_EQ(env.Create("dup").result_int(), 201u);
  HttpResponse res = env.Create("dup");
  EXPECT_EQ(res.result_int(), 409u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "ResourceConflictException");
  EXPECT_EQ(Json(res)["message"], "Function already exist: dup");
}

struct BadCreate {
  const char* name;
  const char* field;
  const char* value;  // JSON text; nullptr removes the field
};

TEST(FunctionOpsTest, CreateValidation) {
  const std::string long_name = "\"" + std::string(65, 'a') + "\"";
  const std::vector<BadCreate> cases = {
      {"bad runtime", "Runtime", R"("cobol1.0")"},
      {"bad name", "FunctionName", R"("no spaces")"},
      {"long name", "FunctionName", long_name.c_str()},
      {"timeout low", "Timeout", "0"},
      {"timeout high", "Timeout", "901"},
      {"timeout type", "Timeout", R"("3")"},
      {"memory low", "MemorySize", "64"},
      {"memory high", "MemorySize", "10241"},
      {"no handler", "Handler", nullptr},
      {"no code", "Code", nullptr},
      {"not base64", "Code", R"({"ZipFile": "!!!"})"},
      {"not a zip", "Code", R"({"ZipFile": "bm90IGEgemlw"})"},
      {"real s3", "Code", R"({"S3Bucket": "bucket", "S3Key": "k.zip"})"},
      {"relative hot reload", "Code", R"({"S3Bucket": "hot-reload", "S3Key": "rel/dir"})"},
      {"env not strings", "Environment", R"({"Variables": {"A": 1}})"},
      {"bad package type", "PackageType", R"("Jar")"},
  };
  for (const BadCreate& c : cases) {
    ApiTestEnv env;
    json::object body = json::parse(ApiTestEnv::CreateBody("fn")).as_object();
    if (c.value == nullptr) {
      body.erase(c.field);
    } else {
      body[c.field] = json::parse(c.value);
    }
    HttpResponse res = env.Send(http::verb::post, kFunctions, json::serialize(body));
    EXPECT_EQ(res.result_int(), 400u) << c.name << ": " << res.body();
    EXPECT_EQ(res["x-amzn-ErrorType"], "InvalidParameterValueException") << c.name;
    EXPECT_FALSE(env.registry().Get("fn").ok()) << c.name;
  }
}

TEST(FunctionOpsTest, BadRuntimeListsSupportedOnes) {
  ApiTestEnv env;
  HttpResponse res = env.Send(http::verb::post, kFunctions, ApiTestEnv::CreateBody("f", "ruby9"));
  const std::string message(Json(res)["message"].as_string());
  EXPECT_NE(message.find("python3.13"), std::string::npos) << message;
  EXPECT_NE(message.find("provided.al2023"), std::string::npos) << message;
}

TEST(FunctionOpsTest, CreateBodyNotJson) {
  ApiTestEnv env;
  HttpResponse res = env.Send(http::verb::post, kFunctions, "{nope");
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "InvalidRequestContentException");
}

TEST(FunctionOpsTest, CreateHotReload) {
  ApiTestEnv env;
  lambdex::testing::TempDir src;
  json::object body = json::parse(ApiTestEnv::CreateBody("hot")).as_object();
  body["Code"] = {{"S3Bucket", "hot-reload"}, {"S3Key", src.path().string()}};
  ASSERT_EQ(env.Send(http::verb::post, kFunctions, json::serialize(body)).result_int(), 201u);
  Result<FunctionSnapshot> fn = env.registry().Get("hot");
  ASSERT_TRUE(fn.ok());
  EXPECT_TRUE((*fn)->hot_reload);
  EXPECT_EQ((*fn)->code_dir, src.path().string());
}

TEST(FunctionOpsTest, GetFunctionAndConfigurationByNameAndArn) {
  ApiTestEnv env;
  ASSERT_EQ(env.Create("fn").result_int(), 201u);
  HttpResponse got = env.Send(http::verb::get, "/2015-03-31/functions/fn");
  ASSERT_EQ(got.result_int(), 200u);
  json::object doc = Json(got);
  EXPECT_EQ(doc["Configuration"].at("FunctionName"), "fn");
  EXPECT_EQ(doc["Code"].at("RepositoryType"), "S3");
  HttpResponse by_arn = env.Send(
      http::verb::get,
      "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Afn/"
      "configuration");
  ASSERT_EQ(by_arn.result_int(), 200u) << by_arn.body();
  EXPECT_EQ(Json(by_arn)["FunctionName"], "fn");
  EXPECT_EQ(env.Send(http::verb::get, "/2015-03-31/functions/fn?Qualifier=%24LATEST").result_int(),
            200u);
  EXPECT_EQ(env.Send(http::verb::get, "/2015-03-31/functions/fn?Qualifier=3").result_int(), 404u);
}

TEST(FunctionOpsTest, NotFound) {
  ApiTestEnv env;
  HttpResponse res = env.Send(http::verb::get, "/2015-03-31/functions/ghost/configuration");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(res["x-amzn-ErrorType"], "ResourceNotFoundException");
  EXPECT_EQ(Json(res)["message"],
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost");
  EXPECT_FALSE(res["x-amzn-RequestId"].empty());
}

TEST(FunctionOpsTest, ListWithPaging) {
  ApiTestEnv env;
  EXPECT_EQ(
      Json(env.Send(http::verb::get, "/2015-03-31/functions/"))["Functions"].as_array().size(), 0u);
  for (const char* name : {"c", "a", "b"}) ASSERT_EQ(env.Create(name).result_int(), 201u);
  json::object page = Json(env.Send(http::verb::get, "/2015-03-31/functions/?MaxItems=2"));
  ASSERT_EQ(page["Functions"].as_array().size(), 2u);
  EXPECT_EQ(page["Functions"].as_array()[0].at("FunctionName"), "a");
  ASSERT_TRUE(page.contains("NextMarker"));
  const std::string marker(page["NextMarker"].as_string());
  json::object rest =
      Json(env.Send(http::verb::get, "/2015-03-31/functions/?MaxItems=2&Marker=" + marker));
  ASSERT_EQ(rest["Functions"].as_array().size(), 1u);
  EXPECT_EQ(rest["Functions"].as_array()[0].at("FunctionName"), "c");
  EXPECT_FALSE(rest.contains("NextMarker"));
  EXPECT_EQ(env.Send(http::verb::get, "/2015-03-31/functions/?MaxItems=0").result_int(), 400u);
}

TEST(FunctionOpsTest, UpdateConfigurationRetiresAndChangesRevision) {
  ApiTestEnv env;
  ASSERT_EQ(env.Create("fn").result_int(), 201u);
  HttpResponse res = env.Send(http::verb::put, "/2015-03-31/functions/fn/configuration",
                              R"({"Timeout": 30, "Environment": {"Variables": {"K": "V"}}})");
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  json::object c = Json(res);
  EXPECT_EQ(c["Timeout"], 30);
  EXPECT_EQ(c["Environment"].at("Variables").at("K"), "V");
  EXPECT_NE(c["RevisionId"], "id-2");
  EXPECT_EQ((*env.registry().Get("fn"))->timeout_s, 30);
  ASSERT_EQ(env.executor().retired().size(), 1u);
  EXPECT_EQ(env.executor().retired()[0], "fn");

  HttpResponse stale = env.Send(http::verb::put, "/2015-03-31/functions/fn/configuration",
                                R"({"Timeout": 5, "RevisionId": "old"})");
  EXPECT_EQ(stale.result_int(), 412u);
  EXPECT_EQ(
      env.Send(http::verb::put, "/2015-03-31/functions/fn/configuration", R"({"Runtime": "cobol"})")
          .result_int(),
      400u);
  EXPECT_EQ(
      env.Send(http::verb::put, "/2015-03-31/functions/nope/configuration", "{}").result_int(),
      404u);
}

TEST(FunctionOpsTest, UpdateCodeStoresNewRevisionAndDropsOld) {
  ApiTestEnv env;
  ASSERT_EQ(env.Create("fn").result_int(), 201u);
  const std::string old_dir = (*env.registry().Get("fn"))->code_dir;
  const std::string zip = lambdex::testing::BuildZip({{"app.py", "v2"}});
  json::object body{{"ZipFile", Base64Encode(zip)}};
  HttpResponse res =
      env.Send(http::verb::put, "/2015-03-31/functions/fn/code", json::serialize(body));
  ASSERT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_EQ(Json(res)["CodeSha256"], json::value(Sha256Base64(zip)));
  const std::string new_dir = (*env.registry().Get("fn"))->code_dir;
  EXPECT_NE(new_dir, old_dir);
  EXPECT_FALSE(std::filesystem::exists(old_dir));
  EXPECT_TRUE(std::filesystem::exists(new_dir));
  EXPECT_EQ(env.executor().retired(), std::vector<std::string>{"fn"});
  HttpResponse bad =
      env.Send(http::verb::put, "/2015-03-31/functions/fn/code", R"({"ZipFile": "bm90IGEgemlw"})");
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ((*env.registry().Get("fn"))->code_dir, new_dir);
}

TEST(FunctionOpsTest, DeleteRetiresAndRemovesCode) {
  ApiTestEnv env;
  ASSERT_EQ(env.Create("fn").result_int(), 201u);
  const std::string dir = (*env.registry().Get("fn"))->code_dir;
  HttpResponse res = env.Send(http::verb::delete_, "/2015-03-31/functions/fn");
  EXPECT_EQ(res.result_int(), 204u);
  EXPECT_TRUE(res.body().empty());
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_EQ(env.executor().retired(), std::vector<std::string>{"fn"});
  EXPECT_EQ(env.Send(http::verb::delete_, "/2015-03-31/functions/fn").result_int(), 404u);
}

TEST(FunctionOpsTest, UnknownRouteAndHealth) {
  ApiTestEnv env;
  HttpResponse unknown = env.Send(http::verb::get, "/2015-03-31/layers");
  EXPECT_EQ(unknown.result_int(), 404u);
  EXPECT_EQ(unknown["x-amzn-ErrorType"], "UnknownOperationException");
  HttpResponse health = env.Send(http::verb::get, "/health");
  ASSERT_EQ(health.result_int(), 200u);
  EXPECT_EQ(Json(health)["status"], "ok");
  EXPECT_EQ(Json(health)["executor"], "fake");
  EXPECT_EQ(Json(health)["version"], "0.1.0");
}

}  // namespace
}  // namespace lambdex::api
