// make, list and remove through the real boxcopy binary against Azurite:
// outputs in AzCopy's formats, exit codes 0, 1 and 2, and service errors
// that carry the error code, the request id and a hint.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "copy_test_support.h"
#include "support/azurite.h"
#include "support/sas.h"

namespace box::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    container_ = unique_container("cmd");
    ASSERT_TRUE(azurite_client().create_container(azurite_container(container_)));
  }
  void TearDown() override { azurite_client().delete_container(azurite_container(container_)); }

  void put(const std::string& name, const std::string& data) {
    azurite_client().put_blob(
        azurite_container(container_), name,
        [&data](char* buffer, std::size_t size, std::uint64_t offset) {
          const std::size_t n = std::min<std::size_t>(size, data.size() - offset);
          std::copy_n(data.data() + offset, n, buffer);
          return n;
        },
        data.size());
  }

  bool exists(const std::string& name) {
    return azurite_client().get_properties(azurite_container(container_), name).has_value();
  }

  ProcessResult boxcopy(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    return run_boxcopy(args, state_.path(), env);
  }

  std::string blob_url(const std::string& name) { return azurite_container(container_).blob_url(name); }

  TempDir state_;
  std::string container_;
};

TEST_F(CommandTest, MakeCreatesContainer) {
  const std::string name = unique_container("made");
  const ProcessResult result = boxcopy({"make", container_url(name)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "INFO: Successfully created the resource.\n");
  EXPECT_TRUE(azurite_client().list_blobs(azurite_container(name), "").items.empty());

  const ProcessResult again = boxcopy({"make", container_url(name)});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "container '" + name + "' already exists")) << again.err;
  EXPECT_TRUE(azurite_client().delete_container(azurite_container(name)));
}

TEST_F(CommandTest, MakeRejectsBadUrls) {
  const ProcessResult bad_name = boxcopy({"make", container_url("Bad_Name")});
  EXPECT_EQ(bad_name.exit_code, 2);
  EXPECT_TRUE(contains(bad_name.err, "invalid container name 'Bad_Name'")) << bad_name.err;
  const auto containers = azurite_client().list_containers(azurite_container(container_)).names;
  EXPECT_EQ(std::count(containers.begin(), containers.end(), "Bad_Name"), 0);

  const ProcessResult blob = boxcopy({"make", container_url(container_, "some/blob")});
  EXPECT_EQ(blob.exit_code, 2);
  EXPECT_TRUE(contains(blob.err, "is not a container URL")) << blob.err;

  const ProcessResult local = boxcopy({"make", "/tmp/folder"});
  EXPECT_EQ(local.exit_code, 2);
  EXPECT_TRUE(contains(local.err, "'/tmp/folder' is not a Blob Storage URL")) << local.err;
}

TEST_F(CommandTest, ListTextFormat) {
  put("b/one-kib", std::string(1024, 'x'));
  put("a-empty", "");
  put("c", std::string(1536, 'y'));
  put("d-big", std::string(3 * 1024 * 1024 + 1, 'z'));

  const ProcessResult result = boxcopy({"list", container_url(container_)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> expected = {
      "INFO: a-empty;  Content Length: 0.00 B", "INFO: b/one-kib;  Content Length: 1.00 KiB",
      "INFO: c;  Content Length: 1.50 KiB", "INFO: d-big;  Content Length: 3.00 MiB"};
  EXPECT_EQ(lines_of(result.out), expected);
}

TEST_F(CommandTest, ListMachineReadableTally) {
  put("x", std::string(1024, 'x'));
  put("y", std::string(2000, 'y'));
  const ProcessResult result = boxcopy({"list", container_url(container_), "--machine-readable", "--running-tally"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> expected = {"INFO: x;  Content Length: 1024", "INFO: y;  Content Length: 2000",
                                             "INFO: ", "INFO: File count: 2", "INFO: Total file size: 3024"};
  EXPECT_EQ(lines_of(result.out), expected);

  const ProcessResult mega = boxcopy({"list", container_url(container_), "--mega-units", "--running-tally"});
  EXPECT_EQ(lines_of(mega.out).back(), "INFO: Total file size: 3.02 KB");
}

TEST_F(CommandTest, ListFolderAndSingleBlob) {
  put("dir/a.txt", "aaa");
  put("dir/sub/b #1.txt", "bb");
  put("dirx/c.txt", "c");

  const ProcessResult folder = boxcopy({"list", container_url(container_, "dir")});
  EXPECT_EQ(folder.exit_code, 0) << folder.err;
  const std::vector<std::string> expected = {"INFO: a.txt;  Content Length: 3.00 B",
                                             "INFO: sub/b #1.txt;  Content Length: 2.00 B"};
  EXPECT_EQ(lines_of(folder.out), expected);
  EXPECT_EQ(lines_of(boxcopy({"list", container_url(container_, "dir/")}).out), expected);

  const ProcessResult single = boxcopy({"list", blob_url("dir/sub/b #1.txt")});
  EXPECT_EQ(single.exit_code, 0) << single.err;
  EXPECT_EQ(single.out, "INFO: b #1.txt;  Content Length: 2.00 B\n");
}

TEST_F(CommandTest, ListProperties) {
  put("p", "hello");
  const ProcessResult result =
      boxcopy({"list", container_url(container_), "--properties", "blobtype;ContentMD5;BlobAccessTier"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // MD5 of "hello", base64.
  EXPECT_EQ(result.out, "INFO: p; BlobType: BlockBlob; ContentMD5: XUFAKrxLKna5cZ2REBfFkg==; BlobAccessTier: Hot;  "
                        "Content Length: 5.00 B\n");

  const ProcessResult invalid = boxcopy({"list", container_url(container_), "--properties", "Color"});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_TRUE(contains(invalid.err, "invalid value 'Color' in --properties")) << invalid.err;
}

TEST_F(CommandTest, ListAccountPrefixesContainer) {
  put("k", "1");
  const ProcessResult result = boxcopy({"list", shared_azurite().account_url(), "--machine-readable"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "INFO: " + container_ + "/k;  Content Length: 1\n")) << result.out;
}

TEST_F(CommandTest, ListJsonOutput) {
  put("j", "12");
  const ProcessResult result = boxcopy({"list", container_url(container_), "--output-type", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 1u) << result.out;
  EXPECT_EQ(lines[0].rfind("{\"TimeStamp\":\"", 0), 0u) << lines[0];
  const auto message = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(message["MessageType"], "Info");
  EXPECT_EQ(message["MessageContent"], "j;  Content Length: 2.00 B");
}

TEST_F(CommandTest, ListMissingContainer) {
  const ProcessResult result = boxcopy({"list", container_url(unique_container("absent"))});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "404 ContainerNotFound (request id ")) << result.err;
  EXPECT_TRUE(contains(result.err, "Hint: check the container name")) << result.err;
  EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
}

TEST_F(CommandTest, ListExpiredSas) {
  put("secret", "s");
  const std::string sas = container_sas(container_, "rl", "2021-06-01T00:00:00Z");
  const ProcessResult result = boxcopy({"list", container_url(container_) + "?" + sas},
                                       {{"AZURE_STORAGE_CONNECTION_STRING", ""}});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "403 AuthorizationFailure")) << result.err;
  EXPECT_TRUE(contains(result.err, "Hint: the SAS expired at 2021-06-01T00:00:00Z; create a new one")) << result.err;
  const std::string signature = sas.substr(sas.find("sig=") + 4);
  EXPECT_FALSE(contains(result.err + result.out, signature));
}

TEST_F(CommandTest, ListValidSasWithoutKey) {
  put("shared", "s");
  const std::string sas = container_sas(container_, "rl", utc_years_from_now(1));
  const ProcessResult result = boxcopy({"list", container_url(container_) + "?" + sas},
                                       {{"AZURE_STORAGE_CONNECTION_STRING", ""}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "INFO: shared;  Content Length: 1.00 B\n");
}

TEST_F(CommandTest, ListWithoutCredential) {
  const ProcessResult result = boxcopy({"list", container_url(container_)}, {{"AZURE_STORAGE_CONNECTION_STRING", ""}});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "(request id ")) << result.err;
  EXPECT_TRUE(contains(result.err, "Hint: no credential was sent")) << result.err;
}

TEST_F(CommandTest, ListWrongAccountKey) {
  // A valid base64 key of the right length that is not the account's key.
  const std::string wrong_key(86, 'A');
  const std::string connection = "DefaultEndpointsProtocol=http;AccountName=" + std::string(kDevAccount) +
                                 ";AccountKey=" + wrong_key + "==;BlobEndpoint=" + shared_azurite().account_url() +
                                 ";";
  const ProcessResult result = boxcopy({"ls", container_url(container_)}, {{"AZURE_STORAGE_CONNECTION_STRING", connection}});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(contains(result.err, "403 AuthorizationFailure")) << result.err;
  EXPECT_TRUE(contains(result.err, "Hint: the account key does not match the account")) << result.err;
  EXPECT_FALSE(contains(result.err, "Storage Blob Data")) << result.err;
  EXPECT_FALSE(contains(result.err, wrong_key)) << "the key was printed";
}

TEST_F(CommandTest, RemoveSingleBlob) {
  put("keep", "k");
  put("drop me", "d");
  const ProcessResult result = boxcopy({"remove", blob_url("drop me")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "1") << result.out;
  EXPECT_EQ(summary_value(result.out, "Final Job Status"), "Completed");
  EXPECT_FALSE(exists("drop me"));
  EXPECT_TRUE(exists("keep"));

  const ProcessResult missing = boxcopy({"remove", blob_url("drop me")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "blob 'drop me' not found")) << missing.err;
}

TEST_F(CommandTest, RemoveFolderNeedsRecursive) {
  put("dir/a", "a");
  const ProcessResult result = boxcopy({"remove", container_url(container_, "dir")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "add --recursive")) << result.err;
  EXPECT_TRUE(exists("dir/a"));

  const ProcessResult container = boxcopy({"remove", container_url(container_)});
  EXPECT_EQ(container.exit_code, 2);
  EXPECT_TRUE(exists("dir/a"));
}

TEST_F(CommandTest, RemoveRecursivePrefix) {
  for (const char* name : {"dir/a", "dir/sub/b", "dir/sub/deep/c", "dirx/d", "dir.txt", "other"}) {
    put(name, name);
  }
  const ProcessResult result = boxcopy({"remove", container_url(container_, "dir"), "--recursive"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), "3") << result.out;
  const std::vector<std::string> expected = {"dir.txt", "dirx/d", "other"};
  EXPECT_EQ(list_blob_names(container_), expected);
}

TEST_F(CommandTest, RemovePatterns) {
  for (const char* name : {"logs/a.log", "logs/b.log", "logs/keep.log", "logs/c.txt", "logs/sub/d.log"}) {
    put(name, name);
  }
  const ProcessResult result = boxcopy({"remove", container_url(container_, "logs/"), "--recursive",
                                        "--include-pattern", "*.log", "--exclude-pattern", "keep*"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> expected = {"logs/c.txt", "logs/keep.log"};
  EXPECT_EQ(list_blob_names(container_), expected);
}

TEST_F(CommandTest, RemoveDryRunChangesNothing) {
  put("d/1", "1");
  put("d/2 #", "2");
  const ProcessResult result = boxcopy({"remove", container_url(container_), "--recursive", "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "DRYRUN: remove " + blob_url("d/1") + "\n")) << result.out;
  EXPECT_TRUE(contains(result.out, "DRYRUN: remove " + blob_url("d/2 #") + "\n")) << result.out;
  EXPECT_TRUE(exists("d/1"));
  EXPECT_TRUE(exists("d/2 #"));
}

TEST_F(CommandTest, RemoveSpecialNames) {
  const std::vector<std::string> names = {"s/hash#", "s/q?", "s/100%", "s/a+b", "s/semi;amp&", "s/ lead",
                                          "s/trail. ", "s/caf\xc3\xa9", "s/cafe\xcc\x81", "s/1/2/3/4/5/6/7/8/9/x"};
  for (const auto& name : names) {
    put(name, name);
  }
  put("t/stay", "t");
  const ProcessResult result = boxcopy({"remove", container_url(container_, "s"), "--recursive"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(summary_value(result.out, "Number of File Transfers Completed"), std::to_string(names.size()));
  EXPECT_EQ(list_blob_names(container_), std::vector<std::string>{"t/stay"});
}

TEST_F(CommandTest, RemoveWithoutListPermissionDeletesNothing) {
  put("f/1", "1");
  put("f/2", "2");
  // Delete permission without list: the listing fails, so no delete may follow.
  const std::string sas = container_sas(container_, "d", utc_years_from_now(1));
  const ProcessResult result = boxcopy({"remove", container_url(container_, "f/") + "?" + sas, "--recursive"},
                                       {{"AZURE_STORAGE_CONNECTION_STRING", ""}});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.err, "403 AuthorizationPermissionMismatch")) << result.err;
  EXPECT_TRUE(exists("f/1"));
  EXPECT_TRUE(exists("f/2"));
}

TEST_F(CommandTest, RemoveJsonSummary) {
  put("j1", "1");
  const ProcessResult result = boxcopy({"remove", blob_url("j1"), "--output-type=json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_FALSE(lines.empty());
  const auto last = nlohmann::json::parse(lines.back());
  EXPECT_EQ(last["MessageType"], "EndOfJob");
  const auto content = nlohmann::json::parse(last["MessageContent"].get<std::string>());
  EXPECT_EQ(content["JobStatus"], "Completed");
}

TEST_F(CommandTest, InvalidCommandLines) {
  const ProcessResult flag = boxcopy({"remove", container_url(container_), "--recurse"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_EQ(flag.err, "boxcopy: unknown flag '--recurse'; did you mean '--recursive'? Run 'boxcopy remove --help' "
                      "for the list of flags.\n");

  const ProcessResult command = boxcopy({"lst", container_url(container_)});
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_EQ(command.err, "boxcopy: unknown command 'lst'; did you mean 'list'? Run 'boxcopy --help' for the list of "
                         "commands.\n");

  const ProcessResult missing = boxcopy({"list"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "url is required")) << missing.err;

  const ProcessResult output_type = boxcopy({"list", container_url(container_), "--output-type", "xml"});
  EXPECT_EQ(output_type.exit_code, 2);
  EXPECT_TRUE(contains(output_type.err, "--output-type")) << output_type.err;

  const ProcessResult log_level = boxcopy({"list", container_url(container_), "--log-level", "LOUD"});
  EXPECT_EQ(log_level.exit_code, 2);
  EXPECT_TRUE(contains(log_level.err, "invalid value 'LOUD'")) << log_level.err;

  const ProcessResult help = boxcopy({"list", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.out, "--machine-readable")) << help.out;
}

TEST_F(CommandTest, GlobalFlagsAfterCommand) {
  put("g", "g");
  const ProcessResult result = boxcopy({"list", container_url(container_), "--cap-mbps", "10",
                                        "--trusted-microsoft-suffixes", "example.net", "--log-level", "debug"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "INFO: g;  Content Length: 1.00 B\n");
  EXPECT_TRUE(contains(result.err, "--cap-mbps 10 is accepted for AzCopy compatibility but not enforced"))
      << result.err;
}

}  // namespace
}  // namespace box::testing
