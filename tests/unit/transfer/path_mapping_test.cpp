#include "transfer/path_mapping.h"

#include <gtest/gtest.h>

namespace box::transfer {
namespace {

// One row of a name-mapping table: the arguments and the expected path.
struct MappingCase {
  const char* name;
  const char* destination;
  bool destination_is_directory;
  const char* source_name;
  const char* relative;
  bool source_is_directory;
  bool as_subdir;
  const char* expected;
};

TEST(UploadBlobName, AzCopyCases) {
  const MappingCase cases[] = {
      // azcopy copy a.txt https://acct/c  -> c/a.txt
      {"file to container", "", true, "a.txt", "", false, true, "a.txt"},
      // azcopy copy a.txt https://acct/c/renamed.txt -> c/renamed.txt
      {"file to blob name", "renamed.txt", false, "a.txt", "", false, true, "renamed.txt"},
      // azcopy copy a.txt https://acct/c/dir/ -> c/dir/a.txt
      {"file to virtual dir with slash", "dir/", true, "a.txt", "", false, true, "dir/a.txt"},
      // an existing virtual directory without the slash behaves the same
      {"file to existing virtual dir", "dir/sub", true, "a.txt", "", false, true, "dir/sub/a.txt"},
      // azcopy copy photos https://acct/c --recursive -> c/photos/x/y.jpg
      {"folder to container", "", true, "photos", "x/y.jpg", true, true, "photos/x/y.jpg"},
      // azcopy copy photos https://acct/c/backup --recursive -> c/backup/photos/y.jpg
      {"folder to virtual dir", "backup", true, "photos", "y.jpg", true, true, "backup/photos/y.jpg"},
      {"folder to virtual dir with slash", "backup/", true, "photos", "y.jpg", true, true, "backup/photos/y.jpg"},
      // azcopy copy 'photos/*' https://acct/c/backup --recursive -> c/backup/y.jpg
      {"folder contents", "backup", true, "photos", "y.jpg", true, false, "backup/y.jpg"},
      {"folder contents to container", "", true, "photos", "x/y.jpg", true, false, "x/y.jpg"},
      // names are kept byte for byte, including spaces, dots and reserved URL characters
      {"special characters kept", "", true, "d", " a #?%+;&.txt. ", true, true, "d/ a #?%+;&.txt. "},
      {"leading dots kept", "", true, "..data", "..hidden", true, true, "..data/..hidden"},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(upload_blob_name(test.destination, test.destination_is_directory, test.source_name, test.relative,
                               test.source_is_directory, test.as_subdir),
              test.expected)
        << test.name;
  }
}

TEST(DownloadLocalPath, AzCopyCases) {
  const MappingCase cases[] = {
      // azcopy copy https://acct/c/a.txt /tmp/out (existing folder) -> /tmp/out/a.txt
      {"blob into folder", "/tmp/out", true, "a.txt", "", false, true, "/tmp/out/a.txt"},
      // azcopy copy https://acct/c/a.txt /tmp/new.txt -> /tmp/new.txt
      {"blob to file path", "/tmp/new.txt", false, "a.txt", "", false, true, "/tmp/new.txt"},
      // azcopy copy https://acct/c /tmp/out --recursive -> /tmp/out/c/x/y
      {"container into folder", "/tmp/out", true, "c", "x/y", true, true, "/tmp/out/c/x/y"},
      // azcopy copy https://acct/c/vdir /tmp/out --recursive -> /tmp/out/vdir/y
      {"virtual dir into folder", "/tmp/out/", true, "vdir", "y", true, true, "/tmp/out/vdir/y"},
      // azcopy copy 'https://acct/c/vdir/*' /tmp/out --recursive -> /tmp/out/y
      {"virtual dir contents", "/tmp/out", true, "vdir", "y", true, false, "/tmp/out/y"},
      {"relative destination", "out", true, "c", "a b/#1", true, true, "out/c/a b/#1"},
  };
  for (const auto& test : cases) {
    EXPECT_EQ(download_local_path(test.destination, test.destination_is_directory, test.source_name, test.relative,
                                  test.source_is_directory, test.as_subdir),
              test.expected)
        << test.name;
  }
}

TEST(UnsafeNameReason, RejectsEscapes) {
  const struct {
    const char* name;
    const char* reason_fragment;
  } cases[] = {
      {"../etc/passwd", "'..'"},
      {"a/../../b", "'..'"},
      {"..", "'..'"},
      {"/etc/passwd", "starts with '/'"},
      {"a\\b", "backslash"},
      {"..\\..\\x", "backslash"},
      {"a/./b", "'.' segment"},
      {"a//b", "empty segment"},
      {"dir/", "ends with '/'"},
      {"", "empty"},
  };
  for (const auto& test : cases) {
    const auto reason = unsafe_name_reason(test.name);
    ASSERT_TRUE(reason.has_value()) << test.name;
    EXPECT_NE(reason->find(test.reason_fragment), std::string::npos) << test.name << ": " << *reason;
  }
}

TEST(UnsafeNameReason, AcceptsOrdinaryNames) {
  for (const char* name : {"a.txt", "dir/sub/file", "..hidden", "a..b", "...", "trailing.", " spaced ", "#?%+;&",
                           "caf\xc3\xa9", "cafe\xcc\x81"}) {
    EXPECT_FALSE(unsafe_name_reason(name).has_value()) << name;
  }
}

TEST(JoinPath, Separators) {
  EXPECT_EQ(join_path("a/", "/b/", "c"), "a/b/c");
  EXPECT_EQ(join_path("", "b", ""), "b");
  EXPECT_EQ(join_path("/", "b"), "/b");
  EXPECT_EQ(join_path("/root", "", "x"), "/root/x");
}

TEST(LastSegment, Cases) {
  EXPECT_EQ(last_segment("a/b/"), "b");
  EXPECT_EQ(last_segment("file"), "file");
  EXPECT_EQ(last_segment("/x/y.txt"), "y.txt");
}

}  // namespace
}  // namespace box::transfer
