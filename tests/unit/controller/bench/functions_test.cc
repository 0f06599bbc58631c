#include "controller/bench/functions.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lambdex::bench {
namespace {

// name -> content, read back with libarchive's reader.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  std::map<std::string, std::string> files;
  struct archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  EXPECT_EQ(archive_read_open_memory(a, zip.data(), zip.size()), ARCHIVE_OK);
  struct archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string content(static_cast<std::size_t>(archive_entry_size(e)), '\0');
    archive_read_data(a, content.data(), content.size());
    files[archive_entry_pathname(e)] = content;
  }
  archive_read_free(a);
  return files;
}

TEST(MakeZipTest, RoundTrips) {
  auto zip = MakeZip({{"app.py", kEchoSource}, {"lib/util.py", "X = 1\n"}});
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(zip->substr(0, 2), "PK");
  auto files = Unzip(*zip);
  EXPECT_EQ(files["app.py"], kEchoSource);
  EXPECT_EQ(files["lib/util.py"], "X = 1\n");
}

TEST(Base64Test, KnownVectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

TEST(CreateFunctionBodyTest, IsTheRestApiShape) {
  auto body = CreateFunctionBody("fn", "python3.11", kInitHeavySource);
  ASSERT_TRUE(body.ok());
  const auto v = boost::json::parse(*body).as_object();
  EXPECT_EQ(v.at("FunctionName").as_string(), "fn");
  EXPECT_EQ(v.at("Runtime").as_string(), "python3.11");
  EXPECT_EQ(v.at("Handler").as_string(), "app.handler");
  EXPECT_FALSE(v.at("Code").at("ZipFile").as_string().empty());
}

TEST(EchoPayloadTest, SizeAndShape) {
  const std::string p = EchoPayload(1024);
  EXPECT_EQ(p.size(), 1024u);
  EXPECT_EQ(boost::json::parse(p).at("data").as_string().size(), 1013u);
  EXPECT_EQ(EchoPayload(0), "{\"data\":\"\"}");
}

TEST(ScriptsTest, EmbedThePayloadAsAPythonLiteral) {
  const std::string s = HandlerCallScript("{\"a\":\"it's \\\\ here\"}");
  EXPECT_NE(s.find("json.loads('{\"a\":\"it\\'s \\\\\\\\ here\"}')"), std::string::npos) << s;
  EXPECT_NE(InProcessLoopScript("{}").find("timeit"), std::string::npos);
}

}  // namespace
}  // namespace lambdex::bench
