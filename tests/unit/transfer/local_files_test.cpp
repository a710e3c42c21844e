#include "transfer/local_files.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "common/error.h"
#include "support/process.h"

namespace box::transfer {
namespace {

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::map<std::string, LocalEntry> walk(const std::string& root, WalkOptions options) {
  std::map<std::string, LocalEntry> entries;
  walk_folder(root, options, [&](LocalEntry&& entry) { entries[entry.relative_path] = std::move(entry); });
  return entries;
}

TEST(WalkFolder, SkipsLinksUnlessFollowing) {
  testing::TempDir dir;
  const std::string root = dir.path() + "/src";
  mkdir(root.c_str(), 0755);
  mkdir((root + "/sub").c_str(), 0755);
  write_file(root + "/a.txt", "hello");
  write_file(root + "/sub/b.txt", "world!");
  ASSERT_EQ(symlink("a.txt", (root + "/link").c_str()), 0);
  ASSERT_EQ(symlink("missing", (root + "/broken").c_str()), 0);
  ASSERT_EQ(symlink(".", (root + "/sub/loop").c_str()), 0);
  ASSERT_EQ(mkfifo((root + "/fifo").c_str(), 0600), 0);

  auto entries = walk(root, {true, false});
  ASSERT_EQ(entries.size(), 6U);
  EXPECT_EQ(entries["a.txt"].kind, EntryKind::file);
  EXPECT_EQ(entries["a.txt"].size, 5U);
  EXPECT_EQ(entries["sub/b.txt"].kind, EntryKind::file);
  EXPECT_EQ(entries["sub/b.txt"].path, root + "/sub/b.txt");
  EXPECT_EQ(entries["link"].kind, EntryKind::symlink_skipped);
  EXPECT_EQ(entries["broken"].kind, EntryKind::symlink_skipped);
  EXPECT_EQ(entries["sub/loop"].kind, EntryKind::symlink_skipped);
  EXPECT_EQ(entries["fifo"].kind, EntryKind::special);

  entries = walk(root, {true, true});
  EXPECT_EQ(entries["link"].kind, EntryKind::file);
  EXPECT_EQ(entries["link"].size, 5U);
  EXPECT_EQ(entries["broken"].kind, EntryKind::broken_symlink);
  EXPECT_EQ(entries["sub/loop"].kind, EntryKind::error);  // a link to its own parent folder
  EXPECT_NE(entries["sub/loop"].error.find("loop"), std::string::npos);

  entries = walk(root, {false, false});
  EXPECT_EQ(entries.count("sub/b.txt"), 0U);
  EXPECT_EQ(entries.count("a.txt"), 1U);
}

TEST(ReadExactly, FailsWhenFileIsShort) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/f";
  write_file(path, "12345");
  FileHandle file(open(path.c_str(), O_RDONLY));
  char buffer[8];
  read_exactly(file.get(), buffer, 3, 2, path);
  EXPECT_EQ(std::string(buffer, 3), "345");
  EXPECT_THROW(read_exactly(file.get(), buffer, 4, 2, path), Error);
}

TEST(Md5OfFile, KnownDigests) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/f";
  write_file(path, "The quick brown fox jumps over the lazy dog");
  FileHandle file(open(path.c_str(), O_RDONLY));
  // MD5 9e107d9d372bb6826bd81d3542a419d6, base64 encoded; small buffers exercise several reads.
  EXPECT_EQ(md5_of_file(file.get(), 43, path, 7), "nhB9nTcrtoJr2B01QqQZ1g==");
  EXPECT_EQ(md5_of_file(file.get(), 0, path, 7), "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST(TemporaryPath, ShortAndLongNames) {
  EXPECT_EQ(temporary_path("/out/dir/a.txt", "JOB", 7), "/out/dir/.a.txt.boxcopy-JOB.part");
  EXPECT_EQ(temporary_path("a.txt", "JOB", 7), ".a.txt.boxcopy-JOB.part");
  const std::string long_name(250, 'x');
  EXPECT_EQ(temporary_path("/out/" + long_name, "JOB", 7), "/out/.boxcopy-JOB-7.part");
}

}  // namespace
}  // namespace box::transfer
