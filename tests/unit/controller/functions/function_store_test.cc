#include "controller/functions/function_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "controller/functions/code_store.h"
#include "controller/functions/function_registry.h"
#include "tests/unit/controller/functions/temp_dir.h"
#include "tests/unit/controller/functions/zip_builder.h"

namespace lambdex {
namespace {

namespace fs = std::filesystem;

FunctionConfig Fn(std::string name) {
  FunctionConfig fn;
  fn.name = std::move(name);
  fn.runtime = "python3.11";
  fn.handler = "app.handler";
  fn.role = "arn:aws:iam::000000000000:role/r";
  fn.description = "d \"quoted\" \xc3\xa9";
  fn.timeout_s = 30;
  fn.memory_mb = 256;
  fn.environment = {{"A", "1"}, {"B", "two"}};
  fn.code_dir = "/data/code/x/abc";
  fn.code_sha256 = "c2hh";
  fn.code_size = 1234;
  fn.last_modified = "2026-12-03T16:34:16.000+0000";
  fn.revision_id = "rev-1";
  return fn;
}

void ExpectSame(const FunctionConfig& a, const FunctionConfig& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.runtime, b.runtime);
  EXPECT_EQ(a.handler, b.handler);
  EXPECT_EQ(a.role, b.role);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.timeout_s, b.timeout_s);
  EXPECT_EQ(a.memory_mb, b.memory_mb);
  EXPECT_EQ(a.environment, b.environment);
  EXPECT_EQ(a.package_type, b.package_type);
  EXPECT_EQ(a.image_uri, b.image_uri);
  EXPECT_EQ(a.code_dir, b.code_dir);
  EXPECT_EQ(a.hot_reload, b.hot_reload);
  EXPECT_EQ(a.code_sha256, b.code_sha256);
  EXPECT_EQ(a.code_size, b.code_size);
  EXPECT_EQ(a.last_modified, b.last_modified);
  EXPECT_EQ(a.revision_id, b.revision_id);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.reserved_concurrency, b.reserved_concurrency);
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(FunctionStoreTest, JsonRoundTrip) {
  FunctionConfig fn = Fn("a");
  fn.reserved_concurrency = 0;
  Result<FunctionConfig> back = FunctionFromJson(FunctionToJson(fn));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ExpectSame(fn, *back);
  fn.reserved_concurrency.reset();
  back = FunctionFromJson(FunctionToJson(fn));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->reserved_concurrency.has_value());
}

TEST(FunctionStoreTest, RejectsWhatIsNotAStoredFunction) {
  for (const char* text :
       {"", "{", "[]", R"({"name":"a","revision_id":"r"})", R"({"format":1,"revision_id":"r"})",
        R"({"format":1,"name":"bad name","revision_id":"r"})",
        R"({"format":1,"name":"a","revision_id":"r","timeout_s":"x"})",
        R"({"format":1,"name":"a","revision_id":"r","package_type":"Tar"})",
        R"({"format":1,"name":"a","revision_id":"r","environment":{"k":1}})"}) {
    Result<FunctionConfig> fn = FunctionFromJson(text);
    EXPECT_FALSE(fn.ok()) << text;
  }
}

TEST(FunctionStoreTest, SaveReloadRoundTripThroughRegistry) {
  testing::TempDir data;
  FunctionStore store(data.path());
  {
    FunctionRegistry registry(&store);
    ASSERT_TRUE(registry.Create(Fn("one")).ok());
    ASSERT_TRUE(registry.Create(Fn("two")).ok());
    EXPECT_TRUE(fs::exists(data.path() / "functions" / "one.json"));
  }
  FunctionRegistry reloaded(&store);
  LoadReport report = reloaded.Load();
  EXPECT_EQ(report.loaded, (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(report.skipped.empty());
  EXPECT_EQ(report.code_dirs.size(), 2u);
  Result<FunctionSnapshot> one = reloaded.Get("one");
  ASSERT_TRUE(one.ok());
  ExpectSame(Fn("one"), **one);
}

TEST(FunctionStoreTest, UpdateWritesThrough) {
  testing::TempDir data;
  FunctionStore store(data.path());
  FunctionRegistry registry(&store);
  ASSERT_TRUE(registry.Create(Fn("f")).ok());
  FunctionConfig changed = Fn("f");
  changed.memory_mb = 1024;
  changed.revision_id = "rev-2";
  changed.reserved_concurrency = 3;
  ASSERT_TRUE(registry.Update(changed).ok());
  FunctionRegistry reloaded(&store);
  reloaded.Load();
  Result<FunctionSnapshot> fn = reloaded.Get("f");
  ASSERT_TRUE(fn.ok());
  ExpectSame(changed, **fn);
}

TEST(FunctionStoreTest, DeleteRemovesTheFile) {
  testing::TempDir data;
  FunctionStore store(data.path());
  FunctionRegistry registry(&store);
  ASSERT_TRUE(registry.Create(Fn("f")).ok());
  ASSERT_TRUE(registry.Delete("f").ok());
  EXPECT_FALSE(fs::exists(data.path() / "functions" / "f.json"));
  FunctionRegistry reloaded(&store);
  EXPECT_TRUE(reloaded.Load().loaded.empty());
  EXPECT_TRUE(store.Remove("never-there").ok());
}

TEST(FunctionStoreTest, CorruptFileIsSkippedOthersLoad) {
  testing::TempDir data;
  FunctionStore store(data.path());
  ASSERT_TRUE(store.Save(Fn("good")).ok());
  WriteFile(data.path() / "functions" / "bad.json", "{\"format\":1,\"name\":");
  WriteFile(data.path() / "functions" / "empty.json", "");
  FunctionConfig other = Fn("other");
  WriteFile(data.path() / "functions" / "renamed.json", FunctionToJson(other));
  WriteFile(data.path() / "functions" / "notes.txt", "not a function");
  FunctionRegistry registry(&store);
  LoadReport report = registry.Load();
  EXPECT_EQ(report.loaded, std::vector<std::string>{"good"});
  EXPECT_EQ(report.skipped.size(), 3u);
  EXPECT_TRUE(fs::exists(data.path() / "functions" / "bad.json"));  // kept for a human
}

TEST(FunctionStoreTest, LeftoverTempFilesAreIgnoredAndRemoved) {
  testing::TempDir data;
  FunctionStore store(data.path());
  ASSERT_TRUE(store.Save(Fn("f")).ok());
  const fs::path temp = data.path() / "functions" / ".f.json.tmp-123";
  WriteFile(temp, FunctionToJson(Fn("f")).substr(0, 10));  // a write cut short
  FunctionRegistry registry(&store);
  LoadReport report = registry.Load();
  EXPECT_EQ(report.loaded, std::vector<std::string>{"f"});
  EXPECT_TRUE(report.skipped.empty());
  EXPECT_FALSE(fs::exists(temp));
  // Save leaves no temp file behind.
  for (const auto& entry : fs::directory_iterator(data.path() / "functions")) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
  }
}

TEST(FunctionStoreTest, SaveFailureLeavesRegistryUnchanged) {
  testing::TempDir data;
  WriteFile(data.path() / "functions", "a file where the dir should be");
  FunctionStore store(data.path());
  FunctionRegistry registry(&store);
  Status created = registry.Create(Fn("f"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(registry.Get("f").ok());
}

TEST(FunctionStoreTest, OrphanedRevisionsAreRemovedReferencedKept) {
  testing::TempDir data;
  CodeStore code(data.path());
  const std::string zip = testing::BuildZip({{"app.py", "x = 1\n"}});
  Result<CodeLocation> kept = code.StoreZip("f", zip);
  Result<CodeLocation> orphan = code.StoreZip("f", zip);
  Result<CodeLocation> gone_fn = code.StoreZip("deleted", zip);
  ASSERT_TRUE(kept.ok() && orphan.ok() && gone_fn.ok());
  fs::create_directories(data.path() / "code" / "f" / ".tmp-dead");
  std::vector<std::string> removed = code.RemoveOrphans({kept->code_dir});
  EXPECT_EQ(removed.size(), 3u);
  EXPECT_TRUE(fs::exists(fs::path(kept->code_dir) / "app.py"));
  EXPECT_FALSE(fs::exists(orphan->code_dir));
  EXPECT_FALSE(fs::exists(data.path() / "code" / "deleted"));
  EXPECT_FALSE(fs::exists(data.path() / "code" / "f" / ".tmp-dead"));
}

}  // namespace
}  // namespace lambdex
