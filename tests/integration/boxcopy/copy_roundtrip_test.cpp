// Upload and download of a generated tree through the real boxcopy binary and
// Azurite: block boundaries, many small files, special and long names, deep
// nesting, all compared byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "copy_test_support.h"

namespace box::testing {
namespace {

constexpr std::size_t kBlock = 256 * 1024;  // --block-size-mb 0.25

// Builds the tree under root and returns relative path -> content.
std::map<std::string, std::string> build_tree(const std::string& root) {
  std::map<std::string, std::string> files;
  const auto add = [&](const std::string& relative, std::string content) {
    write_file(root + "/" + relative, content);
    files[relative] = std::move(content);
  };
  add("empty.bin", "");
  add("sub/empty-too", "");
  add("one-block.bin", pattern_data(kBlock, 1));
  add("one-block-plus-one.bin", pattern_data(kBlock + 1, 2));
  add("three-and-a-half-blocks.bin", pattern_data(3 * kBlock + kBlock / 2, 3));
  for (int i = 0; i < 1000; ++i) {
    add("many/file-" + std::to_string(i) + ".txt", "small file " + std::to_string(i) + "\n");
  }
  for (const std::string name : {"hash#sign", "question?mark", "percent%41", "plus+sign", "semi;colon",
                                 "amp&ersand", "with space", " leading space", "trailing space ", ".leading.dot",
                                 "trailing.dot.", "..double-leading", "caf\xc3\xa9 NFC", "cafe\xcc\x81 NFD",
                                 "%2F-not-a-slash", "equals=sign,comma"}) {
    add("names/" + name, "content of " + name);
  }
  add("names/" + std::string(250, 'L'), "very long name");
  std::string deep = "deep";
  for (int level = 0; level < 40; ++level) {
    deep += "/d" + std::to_string(level);
  }
  add(deep + "/bottom.txt", "at the bottom");
  return files;
}

TEST(CopyRoundTrip, TreeIsByteForByteEqual) {
  TempDir work;
  const std::string source = work.path() + "/tree";
  const auto expected = build_tree(source);
  const std::string container = unique_container("copy-rt");

  const auto upload = run_boxcopy({"copy", source, container_url(container), "--recursive", "--block-size-mb", "0.25",
                                   "--put-md5"},
                                  work.path() + "/state");
  ASSERT_EQ(upload.exit_code, 0) << upload.out << upload.err;
  EXPECT_EQ(summary_value(upload.out, "Final Job Status"), "Completed") << upload.out;
  EXPECT_EQ(summary_value(upload.out, "Number of File Transfers Completed"), std::to_string(expected.size()));
  EXPECT_EQ(summary_value(upload.out, "Number of File Transfers Failed"), "0");

  // The folder itself becomes the prefix, and names stay byte for byte.
  const auto names = list_blob_names(container);
  EXPECT_EQ(names.size(), expected.size());
  for (const std::string name : {"tree/names/question?mark", "tree/names/ leading space", "tree/names/trailing.dot.",
                                 "tree/names/caf\xc3\xa9 NFC", "tree/names/cafe\xcc\x81 NFD",
                                 "tree/names/percent%41"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  const auto block_blob = azurite_client().get_properties(azurite_container(container), "tree/three-and-a-half-blocks.bin");
  ASSERT_TRUE(block_blob.has_value());
  EXPECT_EQ(block_blob->size, 3 * kBlock + kBlock / 2);
  EXPECT_FALSE(block_blob->content_md5.empty());  // --put-md5 stored it

  const std::string target = work.path() + "/download";
  const auto download = run_boxcopy({"copy", container_url(container, "tree"), target, "--recursive",
                                     "--block-size-mb", "0.25", "--check-md5", "FailIfDifferentOrMissing"},
                                    work.path() + "/state");
  ASSERT_EQ(download.exit_code, 0) << download.out << download.err;
  EXPECT_EQ(summary_value(download.out, "Final Job Status"), "Completed") << download.out;
  EXPECT_EQ(summary_value(download.out, "Number of File Transfers Completed"), std::to_string(expected.size()));

  const auto actual = read_tree(target + "/tree");
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [path, content] : expected) {
    const auto found = actual.find(path);
    ASSERT_NE(found, actual.end()) << "missing after the round trip: " << path;
    EXPECT_TRUE(found->second == content) << "content differs: " << path;
  }
  // No temporary file is left next to the downloaded ones.
  for (const auto& [path, content] : actual) {
    EXPECT_EQ(path.find(".part"), std::string::npos) << path;
  }
}

TEST(CopyRoundTrip, ContentsWildcardAndSingleFile) {
  TempDir work;
  const std::string source = work.path() + "/src";
  write_file(source + "/top.txt", "top");
  write_file(source + "/nested/inner.txt", "inner");
  const std::string container = unique_container("copy-wild");

  // "src/*" with --recursive puts the contents directly under the virtual directory.
  auto result = run_boxcopy({"copy", source + "/*", container_url(container, "vdir/"), "--recursive"},
                            work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto names = list_blob_names(container);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"vdir/nested/inner.txt", "vdir/top.txt"}));

  // A single file to an existing virtual directory keeps its name inside it.
  write_file(work.path() + "/single.txt", "single");
  result = run_boxcopy({"copy", work.path() + "/single.txt", container_url(container, "vdir")}, work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(azurite_client().get_properties(azurite_container(container), "vdir/single.txt").has_value());

  // A single file to a new blob name is stored under that name.
  result = run_boxcopy({"copy", work.path() + "/single.txt", container_url(container, "renamed.txt")},
                       work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(azurite_client().get_properties(azurite_container(container), "renamed.txt").has_value());

  // A single blob into an existing folder keeps its name; to a new path it takes that path.
  const std::string out = work.path() + "/out";
  std::filesystem::create_directories(out);
  result = run_boxcopy({"copy", container_url(container, "renamed.txt"), out}, work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(read_file(out + "/renamed.txt"), "single");
  result = run_boxcopy({"copy", container_url(container, "renamed.txt"), out + "/other.txt"}, work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(read_file(out + "/other.txt"), "single");

  // "vdir/*" downloads the contents without the vdir folder.
  result = run_boxcopy({"copy", container_url(container, "vdir/*"), out + "/flat", "--recursive"},
                       work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(read_file(out + "/flat/top.txt"), "top");
  EXPECT_EQ(read_file(out + "/flat/nested/inner.txt"), "inner");

  // The whole container goes into a folder named after it.
  result = run_boxcopy({"copy", container_url(container), out + "/whole", "--recursive"}, work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(read_file(out + "/whole/" + container + "/vdir/top.txt"), "top");
}

TEST(CopyRoundTrip, IncludeAndExcludePatterns) {
  TempDir work;
  const std::string source = work.path() + "/src";
  write_file(source + "/a.txt", "a");
  write_file(source + "/b.log", "b");
  write_file(source + "/sub/c.txt", "c");
  write_file(source + "/sub/skip-me.txt", "d");
  const std::string container = unique_container("copy-pattern");
  const auto result = run_boxcopy({"copy", source, container_url(container), "--recursive", "--include-pattern",
                                   "*.txt;*.md", "--exclude-pattern", "skip*"},
                                  work.path() + "/state");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  auto names = list_blob_names(container);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"src/a.txt", "src/sub/c.txt"}));
}

}  // namespace
}  // namespace box::testing
