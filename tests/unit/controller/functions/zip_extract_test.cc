#include "controller/functions/zip_extract.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/controller/functions/temp_dir.h"
#include "tests/unit/controller/functions/zip_builder.h"

namespace lambdex {
namespace {

namespace fs = std::filesystem;
using testing::BuildZip;
using testing::TempDir;
using testing::ZipEntry;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ZipExtractTest, ExtractsFilesAndNestedDirs) {
  TempDir dir;
  const std::string zip = BuildZip(
      {{"app.py", "print('hi')"}, {"pkg/", "", 0755, ZipEntry::kDir}, {"pkg/sub/mod.py", "x = 1"}});
  ASSERT_TRUE(ExtractZip(zip, dir.path()).ok());
  EXPECT_EQ(ReadFile(dir.path() / "app.py"), "print('hi')");
  EXPECT_EQ(ReadFile(dir.path() / "pkg/sub/mod.py"), "x = 1");
}

TEST(ZipExtractTest, KeepsExecutableBit) {
  TempDir dir;
  const std::string zip = BuildZip({{"bootstrap", "#!/bin/sh\n", 0755}, {"data.txt", "d", 0644}});
  ASSERT_TRUE(ExtractZip(zip, dir.path()).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir.path() / "bootstrap").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  ASSERT_EQ(stat((dir.path() / "data.txt").c_str(), &st), 0);
  EXPECT_FALSE(st.st_mode & S_IXUSR);
}

TEST(ZipExtractTest, AllowsDotDotThatStaysInside) {
  TempDir dir;
  ASSERT_TRUE(ExtractZip(BuildZip({{"a/../b.txt", "b"}}), dir.path()).ok());
  EXPECT_EQ(ReadFile(dir.path() / "b.txt"), "b");
}

TEST(ZipExtractTest, AllowsSymlinkInside) {
  TempDir dir;
  const std::string zip =
      BuildZip({{"lib/real.so", "elf"}, {"lib/link.so", "real.so", 0777, ZipEntry::kSymlink}});
  ASSERT_TRUE(ExtractZip(zip, dir.path()).ok());
  EXPECT_TRUE(fs::is_symlink(dir.path() / "lib/link.so"));
}

struct BadZipCase {
  const char* name;
  std::vector<ZipEntry> entries;
};

class ZipRejectTest : public ::testing::TestWithParam<BadZipCase> {};

TEST_P(ZipRejectTest, RejectsAndWritesNothingOutside) {
  TempDir root;
  const fs::path dest = root.path() / "code";
  fs::create_directories(dest);
  Status s = ExtractZip(BuildZip(GetParam().entries), dest);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
  EXPECT_NE(s.error().message.find("Could not unzip uploaded file"), std::string::npos)
      << s.error().message;
  EXPECT_FALSE(fs::exists(root.path() / "evil"));
}

INSTANTIATE_TEST_SUITE_P(
    Unsafe, ZipRejectTest,
    ::testing::Values(
        BadZipCase{"DotDot", {{"../evil", "x"}}},
        BadZipCase{"NestedDotDot", {{"a/../../evil", "x"}}},
        BadZipCase{"Absolute", {{"/etc/x", "x"}}},
        BadZipCase{"SymlinkUp", {{"link", "../evil", 0777, ZipEntry::kSymlink}}},
        BadZipCase{"SymlinkAbsolute", {{"link", "/etc/passwd", 0777, ZipEntry::kSymlink}}},
        BadZipCase{"SymlinkDeepUp", {{"a/b/link", "../../../evil", 0777, ZipEntry::kSymlink}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ZipExtractTest, RejectsGarbage) {
  TempDir dir;
  for (const std::string& blob : {std::string("not a zip at all, just bytes"), std::string(),
                                  std::string("PK\x03\x04garbage", 12)}) {
    Status s = ExtractZip(blob, dir.path());
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
  }
}

TEST(ZipExtractTest, RejectsTruncatedZip) {
  TempDir dir;
  std::string zip = BuildZip({{"app.py", std::string(1000, 'x')}});
  zip.resize(zip.size() / 2);
  EXPECT_FALSE(ExtractZip(zip, dir.path()).ok());
}

TEST(ZipExtractTest, EnforcesUnzippedSizeLimit) {
  TempDir dir;
  Status s = ExtractZip(BuildZip({{"big", std::string(4096, 'x')}}), dir.path(), 1000);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Unzipped size"), std::string::npos);
}

}  // namespace
}  // namespace lambdex
