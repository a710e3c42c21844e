// The copy command's options and failure handling against Azurite: overwrite
// modes, dry runs, symbolic links, unsafe blob names, failed downloads, MD5
// checks, bad SAS tokens, JSON output and command-line errors.
#include <fcntl.h>
#include <signal.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http/client.h"
#include "copy_test_support.h"
#include "support/azurite.h"
#include "support/sas.h"

namespace box::testing {
namespace {

void set_mtime(const std::string& path, time_t seconds) {
  const timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

storage::BodyReader reader_for(const std::string& data) {
  return [&data](char* buffer, std::size_t size, std::uint64_t offset) {
    const std::size_t n = std::min<std::size_t>(size, data.size() - offset);
    std::copy_n(data.data() + offset, n, buffer);
    return n;
  };
}

class CopyBehaviour : public ::testing::Test {
 protected:
  ProcessResult boxcopy(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    return run_boxcopy(args, work_.path() + "/state", env);
  }
  std::string path(const std::string& relative) const { return work_.path() + "/" + relative; }

  TempDir work_;
};

TEST_F(CopyBehaviour, OverwriteFalseSkipsExistingBlob) {
  const std::string container = unique_container("copy-ow");
  write_file(path("a.txt"), "first");
  ASSERT_EQ(boxcopy({"copy", path("a.txt"), container_url(container)}).exit_code, 0);

  write_file(path("a.txt"), "second");
  const auto result = boxcopy({"copy", path("a.txt"), container_url(container), "--overwrite=false"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Skipped"), "1") << result.out;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "0");
  EXPECT_EQ(summary_value(result.out, "Final Job Status"), "CompletedWithSkipped");

  const std::string out = path("out");
  ASSERT_EQ(boxcopy({"copy", container_url(container, "a.txt"), out + "/a.txt"}).exit_code, 0);
  EXPECT_EQ(read_file(out + "/a.txt"), "first");

  // Downloads keep an existing local file the same way.
  write_file(out + "/a.txt", "local edit");
  const auto download = boxcopy({"copy", container_url(container, "a.txt"), out + "/a.txt", "--overwrite", "false"});
  EXPECT_EQ(download.exit_code, 0) << download.out << download.err;
  EXPECT_EQ(summary_value(download.out, "Number of File Transfers Skipped"), "1");
  EXPECT_EQ(read_file(out + "/a.txt"), "local edit");
}

TEST_F(CopyBehaviour, OverwriteIfSourceNewer) {
  const std::string container = unique_container("copy-newer");
  write_file(path("a.txt"), "first");
  ASSERT_EQ(boxcopy({"copy", path("a.txt"), container_url(container)}).exit_code, 0);

  write_file(path("a.txt"), "older edit");
  set_mtime(path("a.txt"), 946684800);  // 2000-01-01: older than the blob
  auto result = boxcopy({"copy", path("a.txt"), container_url(container), "--overwrite=ifSourceNewer"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Skipped"), "1") << result.out;

  write_file(path("a.txt"), "newer edit");
  set_mtime(path("a.txt"), time(nullptr) + 3600);  // newer than the blob
  result = boxcopy({"copy", path("a.txt"), container_url(container), "--overwrite=ifSourceNewer"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "1") << result.out;

  ASSERT_EQ(boxcopy({"copy", container_url(container, "a.txt"), path("check.txt")}).exit_code, 0);
  EXPECT_EQ(read_file(path("check.txt")), "newer edit");
}

TEST_F(CopyBehaviour, OverwritePromptNeedsTerminal) {
  write_file(path("a.txt"), "x");
  const auto result = boxcopy({"copy", path("a.txt"), container_url(unique_container("copy-prompt")),
                               "--overwrite=prompt"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("--overwrite=prompt needs a terminal"), std::string::npos) << result.err;
}

TEST_F(CopyBehaviour, DryRunChangesNothing) {
  const std::string container = unique_container("copy-dry");
  ASSERT_TRUE(azurite_client().create_container(azurite_container(container)));
  write_file(path("src/a.txt"), "a");
  write_file(path("src/b/c.txt"), "c");
  auto result = boxcopy({"copy", path("src"), container_url(container), "--recursive", "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("DRYRUN: copy " + path("src/a.txt")), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("DRYRUN: copy " + path("src/b/c.txt")), std::string::npos) << result.out;
  EXPECT_TRUE(list_blob_names(container).empty());

  ASSERT_EQ(boxcopy({"copy", path("src"), container_url(container), "--recursive"}).exit_code, 0);
  result = boxcopy({"copy", container_url(container, "src"), path("down"), "--recursive", "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("DRYRUN: copy "), std::string::npos) << result.out;
  EXPECT_FALSE(std::filesystem::exists(path("down")));
}

TEST_F(CopyBehaviour, SymlinksSkippedFollowedAndBroken) {
  const std::string container = unique_container("copy-link");
  write_file(path("src/real.txt"), "target content");
  ASSERT_EQ(symlink("real.txt", path("src/link.txt").c_str()), 0);

  auto result = boxcopy({"copy", path("src"), container_url(container), "--recursive"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of Symbolic Links Skipped"), "1") << result.out;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "1");
  EXPECT_NE(result.err.find("1 symbolic link skipped"), std::string::npos) << result.err;
  EXPECT_FALSE(azurite_client().get_properties(azurite_container(container), "src/link.txt").has_value());

  result = boxcopy({"copy", path("src"), container_url(container), "--recursive", "--follow-symlinks"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "2") << result.out;
  ASSERT_EQ(boxcopy({"copy", container_url(container, "src/link.txt"), path("link-copy.txt")}).exit_code, 0);
  EXPECT_EQ(read_file(path("link-copy.txt")), "target content");

  ASSERT_EQ(symlink("does-not-exist", path("src/broken.txt").c_str()), 0);
  result = boxcopy({"copy", path("src"), container_url(container), "--recursive", "--follow-symlinks"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "1") << result.out;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "2");
  EXPECT_EQ(summary_value(result.out, "Final Job Status"), "CompletedWithErrors");
  EXPECT_NE(result.err.find("broken.txt"), std::string::npos) << result.err;
}

// Creates a blob through a raw request whose path is already percent-encoded,
// so names with "%2E%2E" or "%2F" segments reach the service unchanged
// (a URL built from the decoded name would have its dot segments removed).
void put_raw_blob(const std::string& container, const std::string& encoded_path, const std::string& data) {
  http::Client client;
  http::Request request;
  request.method = "PUT";
  request.url =
      container_url(container) + "/" + encoded_path + "?" + container_sas(container, "rcw", "2099-01-01T00:00:00Z");
  request.headers = {{"x-ms-blob-type", "BlockBlob"}};
  request.body = data;
  const auto response = client.send(request);
  ASSERT_EQ(response.status, 201) << encoded_path << ": " << response.body;
}

TEST_F(CopyBehaviour, UnsafeBlobNamesRejectedOthersDownload) {
  const std::string container = unique_container("copy-trav");
  auto& client = azurite_client();
  const auto target = azurite_container(container);
  ASSERT_TRUE(client.create_container(target));
  const std::string data = "payload";
  // Azurite 3.35.0 stores a backslash in a blob name as '/', so the third name
  // becomes "trav/../../escape.txt". The unit tests cover the backslash rule itself.
  for (const std::string name : {"trav/ok.txt", "trav/sub/also-ok.txt", "trav/..\\..\\escape.txt"}) {
    client.put_blob(target, name, reader_for(data), data.size());
  }
  put_raw_blob(container, "trav/%2E%2E/%2E%2E/evil.txt", data);  // stored as "trav/../../evil.txt"
  put_raw_blob(container, "trav/%2Froot.txt", data);             // stored as "trav//root.txt"
  const auto names = list_blob_names(container);
  ASSERT_NE(std::find(names.begin(), names.end(), "trav/../../evil.txt"), names.end());
  ASSERT_NE(std::find(names.begin(), names.end(), "trav//root.txt"), names.end());

  const auto result = boxcopy({"copy", container_url(container, "trav"), path("out/inner"), "--recursive"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "2") << result.out;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "3") << result.out;
  EXPECT_EQ(summary_value(result.out, "Final Job Status"), "CompletedWithErrors");
  EXPECT_NE(result.err.find("'trav/../../evil.txt' would be written outside"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("contains a '..' segment"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("starts with '/'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("'trav/../../escape.txt' would be written outside"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(path("out/inner/trav/ok.txt")), "payload");
  EXPECT_EQ(read_file(path("out/inner/trav/sub/also-ok.txt")), "payload");
  EXPECT_EQ(read_tree(path("out")).size(), 2U);
  EXPECT_FALSE(std::filesystem::exists(path("out/evil.txt")));
  EXPECT_FALSE(std::filesystem::exists(path("evil.txt")));
}

TEST_F(CopyBehaviour, FailedDownloadLeavesNoFile) {
  const std::string container = unique_container("copy-md5");
  auto& client = azurite_client();
  const auto target = azurite_container(container);
  ASSERT_TRUE(client.create_container(target));
  // Two blocks committed with a stored Content-MD5 that does not match the data.
  const std::string first = pattern_data(300 * 1024, 1);
  const std::string second = pattern_data(100 * 1024, 2);
  client.put_block(target, "bad-md5.bin", storage::make_block_id(0), reader_for(first), first.size());
  client.put_block(target, "bad-md5.bin", storage::make_block_id(1), reader_for(second), second.size());
  storage::PutOptions options;
  options.content_md5 = "AAAAAAAAAAAAAAAAAAAAAA==";
  client.put_block_list(target, "bad-md5.bin", {storage::make_block_id(0), storage::make_block_id(1)}, options);

  std::filesystem::create_directories(path("out"));
  const auto result =
      boxcopy({"copy", container_url(container, "bad-md5.bin"), path("out"), "--block-size-mb", "0.25"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "1") << result.out;
  EXPECT_NE(result.err.find("MD5 mismatch"), std::string::npos) << result.err;
  EXPECT_TRUE(std::filesystem::is_empty(path("out"))) << "a file or temporary file was left behind";

  // Without --block-size-mb the blob arrives in one GET, hashed as it streams.
  const auto whole = boxcopy({"copy", container_url(container, "bad-md5.bin"), path("out")});
  EXPECT_EQ(whole.exit_code, 1) << whole.out << whole.err;
  EXPECT_NE(whole.err.find("MD5 mismatch"), std::string::npos) << whole.err;
  EXPECT_TRUE(std::filesystem::is_empty(path("out"))) << "a file or temporary file was left behind";

  // With --check-md5 NoCheck the same blob downloads.
  const auto unchecked = boxcopy({"copy", container_url(container, "bad-md5.bin"), path("out"), "--block-size-mb",
                                  "0.25", "--check-md5", "NoCheck"});
  EXPECT_EQ(unchecked.exit_code, 0) << unchecked.out << unchecked.err;
  EXPECT_TRUE(read_file(path("out/bad-md5.bin")) == first + second);
}

// 97 ranges of 32 KiB on 64 connections can finish in any order, and the MD5
// is still taken in file order, so the right one passes and a wrong one fails.
TEST_F(CopyBehaviour, Md5CheckedOverManyRanges) {
  const std::string container = unique_container("copy-md5-ranges");
  const std::string data = pattern_data(3 * 1024 * 1024 + 4321, 5);
  write_file(path("data.bin"), data);
  const auto upload = boxcopy({"copy", path("data.bin"), container_url(container, "good.bin"), "--put-md5"});
  ASSERT_EQ(upload.exit_code, 0) << upload.out << upload.err;

  auto& client = azurite_client();
  const auto target = azurite_container(container);
  const std::string half = data.substr(0, data.size() / 2);
  const std::string rest = data.substr(data.size() / 2);
  client.put_block(target, "bad.bin", storage::make_block_id(0), reader_for(half), half.size());
  client.put_block(target, "bad.bin", storage::make_block_id(1), reader_for(rest), rest.size());
  storage::PutOptions wrong_md5;
  wrong_md5.content_md5 = "AAAAAAAAAAAAAAAAAAAAAA==";
  client.put_block_list(target, "bad.bin", {storage::make_block_id(0), storage::make_block_id(1)}, wrong_md5);

  const std::map<std::string, std::string> many_connections = {{"AZCOPY_CONCURRENCY_VALUE", "64"}};
  std::filesystem::create_directories(path("out"));
  const auto good = boxcopy({"copy", container_url(container, "good.bin"), path("out"), "--block-size-mb", "0.03125",
                             "--check-md5", "FailIfDifferentOrMissing"},
                            many_connections);
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_TRUE(read_file(path("out/good.bin")) == data) << "downloaded data differs";

  const auto bad =
      boxcopy({"copy", container_url(container, "bad.bin"), path("out"), "--block-size-mb", "0.03125"},
              many_connections);
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("MD5 mismatch"), std::string::npos) << bad.err;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(path("out"))) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"good.bin"}) << "a file or temporary file was left behind";
}

// Returns the names in a folder that end in ".part" (download temporary files).
std::vector<std::string> part_files(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".part") == 0) {
      names.push_back(entry.path().string());
    }
  }
  return names;
}

bool is_symlink_to(const std::string& link, const std::string& target) {
  struct stat info {};
  char text[4096];
  if (lstat(link.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) {
    return false;
  }
  const ssize_t length = readlink(link.c_str(), text, sizeof text);
  return length > 0 && std::string(text, static_cast<std::size_t>(length)) == target;
}

TEST_F(CopyBehaviour, DownloadKeepsNonRegularDestinations) {
  const std::string container = unique_container("copy-nonreg");
  auto& client = azurite_client();
  const auto target = azurite_container(container);
  ASSERT_TRUE(client.create_container(target));
  const std::string data = "blob data";
  for (const std::string name : {"a.txt", "dir/b.txt", "dir/c.txt"}) {
    client.put_blob(target, name, reader_for(data), data.size());
  }
  write_file(path("target.txt"), "link target");

  // A single-file download onto a symbolic link leaves the link and its target as they were.
  ASSERT_EQ(symlink(path("target.txt").c_str(), path("link.txt").c_str()), 0);
  auto result = boxcopy({"copy", container_url(container, "a.txt"), path("link.txt")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("destination '" + path("link.txt") + "' is a symbolic link"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("remove it or choose another destination"), std::string::npos) << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "1") << result.out;
  EXPECT_TRUE(is_symlink_to(path("link.txt"), path("target.txt")));
  EXPECT_EQ(read_file(path("target.txt")), "link target");

  // A FIFO is not replaced either.
  ASSERT_EQ(mkfifo(path("fifo").c_str(), 0600), 0);
  result = boxcopy({"copy", container_url(container, "a.txt"), path("fifo")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("destination '" + path("fifo") + "' is a FIFO"), std::string::npos) << result.err;
  struct stat info {};
  ASSERT_EQ(lstat(path("fifo").c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));

  // In a recursive download the link fails on its own and the other file arrives.
  std::filesystem::create_directories(path("out/dir"));
  ASSERT_EQ(symlink(path("target.txt").c_str(), path("out/dir/b.txt").c_str()), 0);
  result = boxcopy({"copy", container_url(container, "dir"), path("out"), "--recursive"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "1") << result.out;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "1") << result.out;
  EXPECT_NE(result.err.find("destination '" + path("out/dir/b.txt") + "' is a symbolic link"), std::string::npos)
      << result.err;
  EXPECT_TRUE(is_symlink_to(path("out/dir/b.txt"), path("target.txt")));
  EXPECT_EQ(read_file(path("target.txt")), "link target");
  EXPECT_EQ(read_file(path("out/dir/c.txt")), data);
  EXPECT_TRUE(part_files(work_.path()).empty());
}

TEST_F(CopyBehaviour, MissingSourceExitsOne) {
  const std::string container = unique_container("copy-missing");
  const std::string data = "x";
  ASSERT_TRUE(azurite_client().create_container(azurite_container(container)));
  azurite_client().put_blob(azurite_container(container), "dir/a.txt", reader_for(data), data.size());
  std::filesystem::create_directories(path("out"));

  auto result = boxcopy({"copy", container_url(container, "nope.txt"), path("out/")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("blob 'nope.txt' not found in container '" + container + "'"), std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("--recursive"), std::string::npos) << result.err;

  // The --recursive hint appears only when a virtual directory of that name exists.
  result = boxcopy({"copy", container_url(container, "dir"), path("out/")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("'dir' in container '" + container + "' is a virtual directory"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("add --recursive"), std::string::npos) << result.err;

  const std::string missing = unique_container("no-such-container");
  result = boxcopy({"copy", container_url(missing, "a.txt"), path("out/")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("container '" + missing + "' not found"), std::string::npos) << result.err;
  result = boxcopy({"copy", container_url(missing, "dir"), path("out/"), "--recursive"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("container '" + missing + "' not found"), std::string::npos) << result.err;
  EXPECT_TRUE(std::filesystem::is_empty(path("out")));
}

std::vector<std::string> lines_containing(const std::string& text, const std::string& part) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (line.find(part) != std::string::npos) {
      lines.push_back(line);
    }
  }
  return lines;
}

// Returns the path after "Log file is located at: " in boxcopy's text output.
std::string job_log_path(const std::string& output) {
  const std::string key = "Log file is located at: ";
  const auto start = output.find(key);
  if (start == std::string::npos) {
    return "";
  }
  const auto value = start + key.size();
  return output.substr(value, output.find('\n', value) - value);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

TEST_F(CopyBehaviour, UnreachableEndpointFailsFast) {
  for (int i = 0; i < 50; ++i) {
    write_file(path("src/f" + std::to_string(i) + ".txt"), "x");
  }
  // Nothing listens on this port: every connection is refused.
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/" + kDevAccount;
  const auto result = boxcopy({"copy", path("src"), endpoint + "/cont3", "--recursive"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;

  const auto errors = lines_containing(result.err, "cannot reach " + endpoint + " to create container 'cont3'");
  EXPECT_EQ(errors.size(), 1U) << result.err;
  EXPECT_LE(lines_containing(result.err, "warning:").size(), http::kRetryWarningsOnStderr + 1) << result.err;
  const auto first = lines_containing(result.err, "attempt 1 of 5 failed: ");
  ASSERT_EQ(first.size(), 1U) << result.err;
  EXPECT_EQ(count_of(first[0], endpoint), 1U) << first[0];
  EXPECT_NE(first[0].find("; retrying in "), std::string::npos) << first[0];
  EXPECT_EQ(result.err.find("Put Blob"), std::string::npos) << "files were tried: " << result.err;

  // The job log keeps every retry, including those left off stderr.
  const std::string log = read_file(job_log_path(result.out));
  EXPECT_NE(log.find("attempt 4 of 5 failed: "), std::string::npos) << log;
}

TEST_F(CopyBehaviour, SymlinkWarningsSummarized) {
  const std::string container = unique_container("copy-links");
  write_file(path("src/real.txt"), "x");
  for (int i = 0; i < 5; ++i) {
    const std::string link = path("src/link" + std::to_string(i) + ".txt");
    ASSERT_EQ(symlink("real.txt", link.c_str()), 0);
  }
  ASSERT_EQ(symlink("real.txt", path("src/other.dat").c_str()), 0);

  auto result = boxcopy({"copy", path("src"), container_url(container), "--recursive"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of Symbolic Links Skipped"), "6") << result.out;
  const auto lines = lines_containing(result.err, "symbolic link");
  ASSERT_EQ(lines.size(), 1U) << result.err;
  EXPECT_NE(lines[0].find("6 symbolic links skipped (listed in the job log; use --follow-symlinks"),
            std::string::npos)
      << lines[0];
  const std::string log = read_file(job_log_path(result.out));
  for (int i = 0; i < 5; ++i) {
    EXPECT_NE(log.find("skipped symbolic link '" + path("src/link" + std::to_string(i) + ".txt") + "'"),
              std::string::npos)
        << log;
  }

  // Links that the patterns exclude are not counted or logged as skipped.
  result = boxcopy({"copy", path("src"), container_url(container), "--recursive", "--include-pattern", "*.dat"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of Symbolic Links Skipped"), "1") << result.out;
  EXPECT_NE(result.err.find("1 symbolic link skipped"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(job_log_path(result.out)).find("link0.txt"), std::string::npos);

  // With --output-type json the warning is a Warning message on stdout.
  result = boxcopy({"copy", path("src"), container_url(container), "--recursive", "--output-type", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  bool found = false;
  for (const std::string& line : lines_containing(result.out, "symbolic links skipped")) {
    const auto message = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(message.is_discarded()) << line;
    EXPECT_EQ(message["MessageType"], "Warning") << line;
    found = true;
  }
  EXPECT_TRUE(found) << result.out;
}

// Returns the job id from "Job ID has started" in boxcopy's text output.
std::string job_id_of(const std::string& output) {
  const std::string key = "Job ";
  const auto start = output.find(key);
  return start == std::string::npos ? "" : output.substr(start + key.size(), 36);
}

TEST_F(CopyBehaviour, SignalCancelsDownload) {
  const std::string container = unique_container("copy-cancel");
  auto& client = azurite_client();
  const auto target = azurite_container(container);
  ASSERT_TRUE(client.create_container(target));
  // 200 MiB of generated data in 8 MiB blocks, then 20 small blobs listed after it.
  constexpr std::uint64_t kBlock = 8ULL * 1024 * 1024;
  std::vector<std::string> ids;
  for (std::uint32_t index = 0; index < 25; ++index) {
    const storage::BodyReader reader = [index](char* buffer, std::size_t size, std::uint64_t offset) {
      for (std::size_t i = 0; i < size; ++i) {
        buffer[i] = static_cast<char>((index * kBlock + offset + i) % 251);
      }
      return size;
    };
    ids.push_back(storage::make_block_id(index));
    client.put_block(target, "a-big.bin", ids.back(), reader, kBlock);
  }
  client.put_block_list(target, "a-big.bin", ids);
  const std::string small = "small";
  for (int i = 0; i < 20; ++i) {
    client.put_blob(target, "b-" + std::to_string(100 + i) + ".txt", reader_for(small), small.size());
  }

  // Small ranges and two workers keep the download running until the signal arrives.
  std::filesystem::create_directories(path("out"));
  const std::string output = path("boxcopy-output.txt");
  auto process = start_boxcopy({"copy", container_url(container), path("out"), "--recursive", "--block-size-mb", "0.25"},
                               work_.path() + "/state", output, {{"AZCOPY_CONCURRENCY_VALUE", "2"}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (part_files(path("out")).empty() && process->running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(part_files(path("out")).empty()) << "the download did not start: " << read_file(output);
  ASSERT_EQ(kill(process->pid(), SIGINT), 0);
  const int exit_code = process->wait_for_exit(std::chrono::seconds(60));

  const std::string text = read_file(output);
  EXPECT_EQ(exit_code, 128 + SIGINT) << text;
  const std::string job_id = job_id_of(text);
  const auto cancel_lines = lines_containing(text, "job " + job_id + " cancelled by signal SIGINT; ");
  ASSERT_EQ(cancel_lines.size(), 1U) << text;
  EXPECT_NE(cancel_lines[0].find(" not started"), std::string::npos) << cancel_lines[0];
  EXPECT_TRUE(part_files(path("out")).empty()) << "a .part file was left behind";
  EXPECT_FALSE(std::filesystem::exists(path("out/" + container + "/a-big.bin")));
  const auto plan = nlohmann::json::parse(read_file(work_.path() + "/state/plans/" + job_id + ".json"));
  EXPECT_EQ(plan["JobStatus"], "Cancelled");
}

TEST_F(CopyBehaviour, BadSasGivesServiceErrorCode) {
  const std::string container = unique_container("copy-sas");
  write_file(path("a.txt"), "x");
  const std::string bad_signature = "c2lnbmF0dXJlLXRoYXQtaXMtd3Jvbmc%3D";
  const std::string url = container_url(container) +
                          "?sv=2019-12-12&ss=b&srt=sco&sp=rwdlac&st=2020-01-01T00:00:00Z&se=2099-01-01T00:00:00Z"
                          "&spr=http&sig=" + bad_signature;
  auto result = boxcopy({"copy", path("a.txt"), url});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  // Azurite 3.35.0 rejects a wrong SAS signature with 403 AuthorizationFailure
  // (the Azure service uses AuthenticationFailed).
  EXPECT_NE(result.err.find("403 AuthorizationFailure"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("request id"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find(bad_signature), std::string::npos) << "the signature was printed";
  EXPECT_EQ(summary_value(result.out, "Final Job Status"), "Failed") << result.out;

  // A correctly signed SAS that has expired is rejected the same way.
  ASSERT_TRUE(azurite_client().create_container(azurite_container(container)));
  const std::string expired = container_sas(container, "rcwl", "2020-01-02T00:00:00Z");
  result = boxcopy({"copy", path("a.txt"), container_url(container) + "?" + expired});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("403 AuthorizationFailure"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("the SAS expired at 2020-01-02T00:00:00Z"), std::string::npos) << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Failed"), "1") << result.out;

  // The same signing with a future expiry works, which shows the signature itself is right.
  const std::string valid = container_sas(container, "rcwl", "2099-01-01T00:00:00Z");
  result = boxcopy({"copy", path("a.txt"), container_url(container) + "?" + valid}, {{"AZURE_STORAGE_CONNECTION_STRING", ""}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CopyBehaviour, JsonOutputLines) {
  const std::string container = unique_container("copy-json");
  write_file(path("a.txt"), "json");
  const auto result = boxcopy({"copy", path("a.txt"), container_url(container), "--output-type", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  std::istringstream lines(result.out);
  std::string line;
  nlohmann::json last;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) {
      continue;
    }
    const auto parsed = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << "not JSON: " << line;
    EXPECT_TRUE(parsed.contains("TimeStamp")) << line;
    EXPECT_TRUE(parsed.contains("MessageType")) << line;
    EXPECT_TRUE(parsed["MessageContent"].is_string()) << line;
    last = parsed;
    ++count;
  }
  ASSERT_GE(count, 2);
  EXPECT_EQ(last["MessageType"], "EndOfJob");
  const auto content = nlohmann::json::parse(last["MessageContent"].get<std::string>());
  EXPECT_EQ(content["JobStatus"], "Completed");
  EXPECT_EQ(content["TransfersCompleted"], "1");
  EXPECT_EQ(content["TotalBytesTransferred"], "4");
}

TEST_F(CopyBehaviour, InvalidCommandLinesExitTwo) {
  write_file(path("src/a.txt"), "x");
  const std::string container = unique_container("copy-usage");
  const std::string url = container_url(container);
  const struct {
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {{"copy", path("src/a.txt"), url, "--overwrite=maybe"}, "maybe"},
      {{"copy", path("src/a.txt"), url, "--block-size-mb", "4001"}, "4000 MiB"},
      {{"copy", path("src/a.txt"), url, "--put-blob-size-mb", "6000"}, "5000 MiB"},
      {{"copy", path("src/a.txt"), url, "--check-md5", "Sometimes"}, "Sometimes"},
      {{"copy", path("src/a.txt"), url, "--from-to", "BlobLocal"}, "LocalBlob"},
      {{"copy", path("src/a.txt"), path("elsewhere")}, "URL"},
      {{"copy", path("src"), url}, "--recursive"},
      {{"copy", path("src/a.txt"), url, "--include-pattern", "[bad"}, "[bad"},
      {{"copy", path("src/a.txt"), "http:/127.0.0.1:10000/devstoreaccount1/c"}, "two slashes after 'http:'"},
  };
  for (const auto& test : cases) {
    const auto result = boxcopy(test.args);
    EXPECT_EQ(result.exit_code, 2) << test.args.back() << "\n" << result.out << result.err;
    EXPECT_NE(result.err.find(test.message), std::string::npos) << result.err;
  }
  const auto result = boxcopy({"copy", path("src/a.txt"), url}, {{"AZCOPY_CONCURRENCY_VALUE", "lots"}});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("AZCOPY_CONCURRENCY_VALUE"), std::string::npos) << result.err;
  // Nothing was started: not even the container was created.
  EXPECT_THROW(list_blob_names(container), storage::ServiceError);
}

}  // namespace
}  // namespace box::testing
