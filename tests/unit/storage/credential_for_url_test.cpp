#include "storage/credential_for_url.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "auth/shared_key.h"

namespace box::storage {
namespace {

constexpr const char* kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// Clears the variables the picker reads, for the duration of one test.
class CredentialForUrl : public ::testing::Test {
 protected:
  void SetUp() override { clear(); }
  void TearDown() override {
    clear();
    set_oauth_provider({});
  }
  static void clear() {
    for (const char* name : {"AZURE_STORAGE_CONNECTION_STRING", "ACCOUNT_NAME", "ACCOUNT_KEY"}) {
      unsetenv(name);
    }
  }
};

TEST_F(CredentialForUrl, SasInUrlFirst) {
  setenv("ACCOUNT_NAME", "devstoreaccount1", 1);
  setenv("ACCOUNT_KEY", kKey, 1);
  const auto credential = credential_for_url(parse_blob_url("http://127.0.0.1:1/devstoreaccount1/c?sv=1&sig=abc"));
  EXPECT_EQ(credential->description(), "SAS");
}

TEST_F(CredentialForUrl, OAuthBeforeSharedKey) {
  setenv("ACCOUNT_NAME", "devstoreaccount1", 1);
  setenv("ACCOUNT_KEY", kKey, 1);
  const auto key = std::make_shared<auth::SharedKeyCredential>("marker", kKey);
  set_oauth_provider([&](const BlobUrl&) { return key; });
  EXPECT_EQ(credential_for_url(parse_blob_url("http://127.0.0.1:1/devstoreaccount1/c")), key);

  set_oauth_provider([](const BlobUrl&) { return std::shared_ptr<auth::Credential>(); });
  EXPECT_EQ(credential_for_url(parse_blob_url("http://127.0.0.1:1/devstoreaccount1/c"))->description(), "Shared Key");
}

TEST_F(CredentialForUrl, SharedKeySources) {
  setenv("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true", 1);
  EXPECT_EQ(credential_for_url(parse_blob_url("http://127.0.0.1:1/devstoreaccount1/c"))->description(), "Shared Key");
  clear();

  setenv("ACCOUNT_NAME", "acct", 1);
  setenv("ACCOUNT_KEY", kKey, 1);
  EXPECT_EQ(credential_for_url(parse_blob_url("https://acct.blob.core.windows.net/c"))->description(), "Shared Key");
  // A key for another account is not sent.
  EXPECT_EQ(credential_for_url(parse_blob_url("https://other.blob.core.windows.net/c"))->description(), "anonymous");
}

TEST_F(CredentialForUrl, ConnectionStringSas) {
  setenv("AZURE_STORAGE_CONNECTION_STRING",
         "BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sv=1&sig=fromenv", 1);
  EXPECT_EQ(credential_for_url(parse_blob_url("https://acct.blob.core.windows.net/c"))->description(), "SAS");
  // The SAS is for acct only, so another account's URL gets none.
  EXPECT_EQ(credential_for_url(parse_blob_url("https://other.blob.core.windows.net/c"))->description(), "anonymous");
}

TEST_F(CredentialForUrl, AnonymousFallback) {
  EXPECT_EQ(credential_for_url(parse_blob_url("https://acct.blob.core.windows.net/c"))->description(), "anonymous");
}

}  // namespace
}  // namespace box::storage
