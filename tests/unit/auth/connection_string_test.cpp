#include "auth/connection_string.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::auth {
namespace {

TEST(ConnectionString, AccountAndKey) {
  const auto parsed = parse_connection_string(
      "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5a2V5==;EndpointSuffix=core.usgovcloudapi.net");
  EXPECT_EQ(parsed.account_name, "acct");
  EXPECT_EQ(parsed.account_key, "a2V5a2V5==");
  EXPECT_EQ(parsed.blob_endpoint, "https://acct.blob.core.usgovcloudapi.net");
  EXPECT_EQ(parsed.shared_access_signature, "");
}

TEST(ConnectionString, DefaultsAndBlobEndpoint) {
  const auto defaults = parse_connection_string("AccountName=acct;AccountKey=a2V5");
  EXPECT_EQ(defaults.blob_endpoint, "https://acct.blob.core.windows.net");

  const auto emulator = parse_connection_string(
      "accountname=devstoreaccount1;accountkey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/;");
  EXPECT_EQ(emulator.account_name, "devstoreaccount1");
  EXPECT_EQ(emulator.blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
}

TEST(ConnectionString, DevelopmentStorage) {
  const auto parsed = parse_connection_string("UseDevelopmentStorage=true");
  EXPECT_EQ(parsed.account_name, "devstoreaccount1");
  EXPECT_EQ(parsed.blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(parsed.account_key.size(), 88u);
}

TEST(ConnectionString, SharedAccessSignature) {
  const auto parsed = parse_connection_string("BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=?sv=1&sig=x");
  EXPECT_EQ(parsed.shared_access_signature, "sv=1&sig=x");
  EXPECT_EQ(parsed.account_key, "");
}

TEST(ConnectionString, InvalidTexts) {
  for (const char* text : {"AccountKey=c2VjcmV0a2V5", "AccountName=acct", "garbage", "=value;AccountName=a"}) {
    try {
      parse_connection_string(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::usage) << text;
      EXPECT_EQ(std::string(error.what()).find("c2VjcmV0a2V5"), std::string::npos) << "message shows the key";
    }
  }
}

}  // namespace
}  // namespace box::auth
