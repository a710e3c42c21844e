// BlobClient against a real Azurite: every call, listing pages, special names,
// not-found handling, and the errors a wrong key or a bad SAS produces.
#include "storage/blob_client.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <optional>

#include "auth/anonymous.h"
#include "auth/base64.h"
#include "auth/sas.h"
#include "auth/shared_key.h"
#include "http/url.h"
#include "support/azurite.h"
#include "support/sas.h"

namespace box::storage {
namespace {

using box::testing::kDevAccount;
using box::testing::kDevKey;
using box::testing::container_sas;
using box::testing::shared_azurite;
using box::testing::utc_years_from_now;

std::string unique_container(const char* stem) {
  static std::atomic<int> counter{0};
  return std::string(stem) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

BodyReader reader_for(const std::string& data) {
  return [&data](char* buffer, std::size_t size, std::uint64_t offset) {
    const std::size_t n = std::min<std::size_t>(size, data.size() - offset);
    std::copy_n(data.data() + offset, n, buffer);
    return n;
  };
}

std::string md5_base64(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  return auth::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string pattern_data(std::size_t size, unsigned seed) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<char>((i * 31 + seed) % 251);
  }
  return data;
}

// Runs the call and returns the ServiceError it throws, or nullopt when it throws none.
template <typename Call>
std::optional<ServiceError> service_error_from(Call call) {
  try {
    call();
  } catch (const ServiceError& error) {
    return error;
  }
  return std::nullopt;
}

class BlobClientTest : public ::testing::Test {
 protected:
  BlobClientTest()
      : credential_(std::make_shared<auth::SharedKeyCredential>(kDevAccount, kDevKey)),
        client_(http_, credential_),
        container_(parse_blob_url(shared_azurite().account_url() + "/" + unique_container("blobs"))) {}

  void SetUp() override { ASSERT_TRUE(client_.create_container(container_)); }
  void TearDown() override { client_.delete_container(container_); }

  std::string download(const std::string& name, std::uint64_t offset = 0, std::uint64_t length = 0,
                       RangeResult* result = nullptr) {
    std::string out;
    const RangeResult range = client_.get_range(container_, name, offset, length,
                                                [&](std::uint64_t at, const char* data, std::size_t size) {
                                                  out.resize(std::max<std::size_t>(out.size(), at + size));
                                                  std::copy_n(data, size, out.begin() + static_cast<long>(at));
                                                });
    if (result) {
      *result = range;
    }
    return out;
  }

  http::Client http_;
  std::shared_ptr<auth::SharedKeyCredential> credential_;
  BlobClient client_;
  BlobUrl container_;
};

TEST_F(BlobClientTest, ContainerLifecycle) {
  const BlobUrl other = container_.with_blob_path("");
  BlobUrl fresh = other;
  fresh.container = unique_container("life");
  EXPECT_TRUE(client_.create_container(fresh));
  EXPECT_FALSE(client_.create_container(fresh));
  EXPECT_TRUE(client_.delete_container(fresh));
  EXPECT_FALSE(client_.delete_container(fresh));
}

TEST_F(BlobClientTest, PutBlobAndProperties) {
  const std::string data = pattern_data(10000, 7);
  client_.put_blob(container_, "dir/file.bin", reader_for(data), data.size(),
                   PutOptions{md5_base64(data), "application/x-test"});

  const auto properties = client_.get_properties(container_, "dir/file.bin");
  ASSERT_TRUE(properties.has_value());
  EXPECT_EQ(properties->size, data.size());
  EXPECT_EQ(properties->content_md5, md5_base64(data));
  EXPECT_EQ(properties->content_type, "application/x-test");
  EXPECT_EQ(properties->blob_type, "BlockBlob");
  EXPECT_FALSE(properties->etag.empty());
  const auto age = std::chrono::system_clock::now() - properties->last_modified;
  EXPECT_LT(std::chrono::abs(age), std::chrono::hours(1));

  RangeResult full;
  EXPECT_EQ(download("dir/file.bin", 0, 0, &full), data);
  EXPECT_EQ(full.blob_size, data.size());
  EXPECT_EQ(full.bytes, data.size());
  EXPECT_EQ(full.blob_content_md5, md5_base64(data));

  RangeResult part;
  EXPECT_EQ(download("dir/file.bin", 100, 50, &part), data.substr(100, 50));
  EXPECT_EQ(part.blob_size, data.size());
  EXPECT_EQ(part.bytes, 50u);
  EXPECT_EQ(part.blob_content_md5, md5_base64(data));
}

TEST_F(BlobClientTest, EmptyBlob) {
  const std::string empty;
  client_.put_blob(container_, "empty", reader_for(empty), 0);
  const auto properties = client_.get_properties(container_, "empty");
  ASSERT_TRUE(properties.has_value());
  EXPECT_EQ(properties->size, 0u);
  RangeResult result;
  EXPECT_EQ(download("empty", 0, 0, &result), "");
  EXPECT_EQ(result.blob_size, 0u);
}

TEST_F(BlobClientTest, BlockUpload) {
  const std::string data = pattern_data(3 * 4096 + 1, 3);
  std::vector<std::string> ids;
  for (std::uint32_t index = 0; index * 4096 < data.size(); ++index) {
    const std::string block = data.substr(index * 4096, 4096);
    ids.push_back(make_block_id(index));
    client_.put_block(container_, "big file", ids.back(), reader_for(block), block.size(), md5_base64(block));
  }
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids.front().size(), ids.back().size());
  // Nothing is visible until the block list is committed.
  EXPECT_FALSE(client_.get_properties(container_, "big file").has_value());

  client_.put_block_list(container_, "big file", ids, PutOptions{md5_base64(data), "text/plain"});
  const auto properties = client_.get_properties(container_, "big file");
  ASSERT_TRUE(properties.has_value());
  EXPECT_EQ(properties->size, data.size());
  EXPECT_EQ(properties->content_md5, md5_base64(data));
  EXPECT_EQ(properties->content_type, "text/plain");
  EXPECT_EQ(download("big file"), data);
  EXPECT_EQ(download("big file", 4096 * 3, 4096), data.substr(4096 * 3));
}

TEST_F(BlobClientTest, BlockMd5Mismatch) {
  const std::string block = "some block data";
  const auto error = service_error_from([&] {
    client_.put_block(container_, "x", make_block_id(0), reader_for(block), block.size(), md5_base64("other"));
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 400);
  // Azure sends Md5Mismatch; Azurite 3.35.0 sends InvalidOperation "Provided contentMD5 doesn't match."
  EXPECT_EQ(error->error_code(), "InvalidOperation");
  EXPECT_NE(error->service_message().find("contentMD5"), std::string::npos) << error->what();
  EXPECT_FALSE(error->request_id().empty());
}

TEST_F(BlobClientTest, ListPagination) {
  const std::vector<std::string> names = {"a/1", "a/2", "a/b/3", "c", "d/4", "e", "f"};
  for (const auto& name : names) {
    client_.put_blob(container_, name, reader_for(name), name.size());
  }
  std::vector<std::string> listed;
  std::string marker;
  int pages = 0;
  do {
    const ListPage page = client_.list_blobs(container_, "", "", marker, 3);
    EXPECT_LE(page.items.size(), 3u);
    for (const auto& item : page.items) {
      EXPECT_FALSE(item.is_prefix);
      EXPECT_EQ(item.size, item.name.size()) << item.name;
      EXPECT_EQ(item.content_md5, md5_base64(item.name)) << item.name;
      EXPECT_EQ(item.blob_type, "BlockBlob");
      listed.push_back(item.name);
    }
    marker = page.next_marker;
    ++pages;
  } while (!marker.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(listed, names);

  const ListPage prefixed = client_.list_blobs(container_, "a/");
  ASSERT_EQ(prefixed.items.size(), 3u);
  EXPECT_EQ(prefixed.items[2].name, "a/b/3");
  EXPECT_TRUE(prefixed.next_marker.empty());

  const ListPage folders = client_.list_blobs(container_, "", "/");
  std::vector<std::pair<std::string, bool>> top;
  for (const auto& item : folders.items) {
    top.emplace_back(item.name, item.is_prefix);
  }
  const std::vector<std::pair<std::string, bool>> expected = {
      {"a/", true}, {"c", false}, {"d/", true}, {"e", false}, {"f", false}};
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, expected);
}

TEST_F(BlobClientTest, SpecialNamesRoundTrip) {
  const std::vector<std::string> names = {
      "hash#name", "question?mark", "100% sure", "a+b=c", "semi;colon&amp", "two  spaces",
      " leading space", "trailing space ", ".leading.dot", "trailing.dot.", "caf\xc3\xa9 nfc",
      "cafe\xcc\x81 nfd", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e/\xe3\x83\x95\xe3\x82\xa1\xe3\x82\xa4\xe3\x83\xab",
      "deep/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20/leaf", "%2F%41 literal", "quote'and\"dq"};
  for (const auto& name : names) {
    client_.put_blob(container_, name, reader_for(name), name.size());
  }
  std::vector<std::string> listed;
  for (const auto& item : client_.list_blobs(container_, "").items) {
    listed.push_back(item.name);
  }
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, sorted);
  for (const auto& name : names) {
    EXPECT_EQ(download(name), name) << name;
    const auto properties = client_.get_properties(container_, name);
    ASSERT_TRUE(properties.has_value()) << name;
    EXPECT_EQ(properties->size, name.size()) << name;
  }
  // NFC and NFD spellings are different names and stay apart.
  EXPECT_EQ(download("caf\xc3\xa9 nfc"), "caf\xc3\xa9 nfc");
  EXPECT_FALSE(client_.get_properties(container_, "cafe\xcc\x81 nfc").has_value());
}

TEST_F(BlobClientTest, NotFound) {
  EXPECT_FALSE(client_.get_properties(container_, "missing").has_value());
  EXPECT_FALSE(client_.delete_blob(container_, "missing"));
  const auto error = service_error_from([&] {
    download("missing");
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 404);
  EXPECT_EQ(error->error_code(), "BlobNotFound");
  EXPECT_NE(std::string(error->what()).find("Get Blob '" + container_.container + "/missing' failed: 404 BlobNotFound"),
            std::string::npos)
      << error->what();

  BlobUrl gone = container_;
  gone.container = unique_container("gone");
  const auto missing_container = service_error_from([&] {
    client_.list_blobs(gone, "");
  });
  ASSERT_TRUE(missing_container.has_value());
  EXPECT_EQ(missing_container->status(), 404);
  EXPECT_EQ(missing_container->error_code(), "ContainerNotFound");
  EXPECT_NE(missing_container->hint().find("boxcopy make"), std::string::npos);
}

TEST_F(BlobClientTest, DeleteBlob) {
  client_.put_blob(container_, "doomed", reader_for(std::string("x")), 1);
  EXPECT_TRUE(client_.delete_blob(container_, "doomed"));
  EXPECT_FALSE(client_.get_properties(container_, "doomed").has_value());
}

TEST_F(BlobClientTest, WrongAccountKey) {
  const std::string wrong_key = auth::base64_encode(std::string(64, 'k'));
  BlobClient wrong(http_, std::make_shared<auth::SharedKeyCredential>(kDevAccount, wrong_key));
  const auto error = service_error_from([&] {
    wrong.list_blobs(container_, "");
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 403);
  EXPECT_EQ(error->error_code(), "AuthorizationFailure");
  EXPECT_EQ(error->kind(), ErrorKind::auth);
  EXPECT_EQ(std::string(error->what()).find(wrong_key), std::string::npos);
}

TEST_F(BlobClientTest, ValidSasListsAndLimitsPermissions) {
  client_.put_blob(container_, "readable", reader_for(std::string("data")), 4);
  const std::string sas = container_sas(container_.container, "rl", utc_years_from_now(1));
  const BlobUrl with_sas = parse_blob_url(container_.container_url() + "?" + sas);
  BlobClient sas_client(http_, std::make_shared<auth::SasCredential>(with_sas.sas_query));

  const ListPage page = sas_client.list_blobs(with_sas, "");
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, "readable");

  const auto error = service_error_from([&] {
    sas_client.put_blob(with_sas, "not-allowed", reader_for(std::string("x")), 1);
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 403);
  EXPECT_EQ(error->error_code(), "AuthorizationPermissionMismatch");
  EXPECT_NE(error->hint().find("sp="), std::string::npos) << error->hint();
}

TEST_F(BlobClientTest, ExpiredSasHint) {
  const std::string expiry = "2020-01-01T00:00:00Z";
  const BlobUrl with_sas = parse_blob_url(container_.container_url() + "?" +
                                          container_sas(container_.container, "rl", expiry));
  BlobClient sas_client(http_, std::make_shared<auth::SasCredential>(with_sas.sas_query));
  const auto error = service_error_from([&] {
    sas_client.list_blobs(with_sas, "");
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 403);
  // Azurite 3.35.0 reports an expired SAS as AuthorizationFailure; Azure as AuthenticationFailed.
  EXPECT_EQ(error->error_code(), "AuthorizationFailure");
  EXPECT_EQ(error->hint(), "the SAS expired at " + expiry + "; create a new one");
  EXPECT_NE(std::string(error->what()).find("403 AuthorizationFailure (request id "), std::string::npos);
}

TEST_F(BlobClientTest, TamperedSasRejected) {
  const std::string other_key = auth::base64_encode(std::string(64, 'z'));
  const std::string sas = container_sas(container_.container, "rl", utc_years_from_now(1), other_key);
  const BlobUrl with_sas = parse_blob_url(container_.container_url() + "?" + sas);
  BlobClient sas_client(http_, std::make_shared<auth::SasCredential>(with_sas.sas_query));
  const auto error = service_error_from([&] {
    sas_client.list_blobs(with_sas, "");
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->status(), 403);
  EXPECT_FALSE(error->error_code().empty());
  EXPECT_NE(error->hint().find("SAS in the URL was rejected"), std::string::npos) << error->hint();
  const std::string signature = *http::query_value(sas, "sig");
  EXPECT_EQ(std::string(error->what()).find(signature), std::string::npos);
}

TEST_F(BlobClientTest, AnonymousOnPrivateContainer) {
  BlobClient anonymous(http_, std::make_shared<auth::AnonymousCredential>());
  const auto error = service_error_from([&] {
    anonymous.list_blobs(container_, "");
  });
  ASSERT_TRUE(error.has_value());
  EXPECT_GE(error->status(), 400);
  EXPECT_FALSE(error->error_code().empty()) << error->what();
  EXPECT_NE(error->hint().find("no credential was sent"), std::string::npos) << error->what();
}

}  // namespace
}  // namespace box::storage
