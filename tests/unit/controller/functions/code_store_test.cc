#include "controller/functions/code_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "controller/functions/encoding.h"
#include "tests/unit/controller/functions/temp_dir.h"
#include "tests/unit/controller/functions/zip_builder.h"

namespace lambdex {
namespace {

namespace fs = std::filesystem;
using testing::BuildZip;
using testing::TempDir;

TEST(CodeStoreTest, StoresZipUnderDataDirWithShaAndSize) {
  TempDir data;
  CodeStore store(data.path());
  const std::string zip = BuildZip({{"app.py", "def handler(e, c): return e"}});
  Result<CodeLocation> code = store.StoreZip("fn", zip);
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_FALSE(code->hot_reload);
  EXPECT_EQ(code->sha256, Sha256Base64(zip));
  EXPECT_EQ(code->size, static_cast<std::int64_t>(zip.size()));
  EXPECT_EQ(fs::path(code->code_dir).parent_path(), data.path() / "code" / "fn");
  EXPECT_TRUE(fs::exists(fs::path(code->code_dir) / "app.py"));
}

TEST(CodeStoreTest, BadZipLeavesNoTempDirBehind) {
  TempDir data;
  CodeStore store(data.path());
  Result<CodeLocation> code = store.StoreZip("fn", "garbage");
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.error().code, ErrorCode::kInvalidRequest);
  EXPECT_TRUE(fs::is_empty(data.path() / "code" / "fn"));
}

TEST(CodeStoreTest, RemovesOldRevisions) {
  TempDir data;
  CodeStore store(data.path());
  Result<CodeLocation> v1 = store.StoreZip("fn", BuildZip({{"a", "1"}}));
  Result<CodeLocation> v2 = store.StoreZip("fn", BuildZip({{"a", "2"}}));
  ASSERT_TRUE(v1.ok() && v2.ok());
  ASSERT_NE(v1->code_dir, v2->code_dir);
  store.RemoveRevisions("fn", v2->code_dir);
  EXPECT_FALSE(fs::exists(v1->code_dir));
  EXPECT_TRUE(fs::exists(v2->code_dir));
  store.RemoveRevisions("fn");
  EXPECT_FALSE(fs::exists(data.path() / "code" / "fn"));
}

TEST(CodeStoreTest, HotReloadUsesDirInPlace) {
  TempDir data;
  TempDir src;
  CodeStore store(data.path());
  Result<CodeLocation> code = store.UseLocalDir(src.path().string());
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(code->hot_reload);
  EXPECT_EQ(code->code_dir, src.path().string());
  EXPECT_FALSE(fs::exists(data.path() / "code"));
  EXPECT_EQ(store.UseLocalDir("relative/dir").error().code, ErrorCode::kInvalidRequest);
  EXPECT_FALSE(store.UseLocalDir((src.path() / "missing").string()).ok());
  EXPECT_TRUE(IsHotReloadBucket("hot-reload"));
  EXPECT_TRUE(IsHotReloadBucket("__local__"));
  EXPECT_FALSE(IsHotReloadBucket("my-bucket"));
}

TEST(EncodingTest, Base64RoundTripsAndRejectsJunk) {
  for (const std::string& s : {std::string(), std::string("f"), std::string("fo"),
                               std::string("foo"), std::string("foob"), std::string("\0\xff", 2)}) {
    std::optional<std::string> back = Base64Decode(Base64Encode(s));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Decode("Zm9v\nYmE=").value(), "fooba");
  EXPECT_EQ(Base64Decode("Zm9vYg").value(), "foob");
  EXPECT_FALSE(Base64Decode("Zm9v!").has_value());
  EXPECT_FALSE(Base64Decode("Z").has_value());
  EXPECT_FALSE(Base64Decode("Zg==Zg==").has_value());
  EXPECT_EQ(Sha256Base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

}  // namespace
}  // namespace lambdex
