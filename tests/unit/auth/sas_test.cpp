#include "auth/sas.h"

#include <gtest/gtest.h>

#include "common/redact.h"

namespace box::auth {
namespace {

TEST(Sas, AppendsQuery) {
  SasCredential credential("?sv=2025-05-05&sr=c&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=abcDEF123%2Bxyz%3D");
  http::Request plain;
  plain.url = "http://127.0.0.1:1/devstoreaccount1/c/blob";
  credential.authorize(plain);
  EXPECT_EQ(plain.url,
            "http://127.0.0.1:1/devstoreaccount1/c/blob?sv=2025-05-05&sr=c&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig="
            "abcDEF123%2Bxyz%3D");

  http::Request listing;
  listing.url = "http://127.0.0.1:1/devstoreaccount1/c?restype=container&comp=list";
  credential.authorize(listing);
  EXPECT_EQ(listing.url.find("comp=list&sv=2025-05-05"), listing.url.find("comp=list"));
}

TEST(Sas, SignatureRedacted) {
  SasCredential credential("sv=2025-05-05&sig=SecretSig%2B42%3D");
  // The raw and the decoded forms are both scrubbed from free text.
  EXPECT_EQ(redact_text("failed for SecretSig%2B42%3D"), "failed for REDACTED");
  EXPECT_EQ(redact_text("value SecretSig+42= seen"), "value REDACTED seen");
  EXPECT_EQ(redact_url("http://127.0.0.1:1/a/c?sv=2025-05-05&sig=SecretSig%2B42%3D"),
            "http://127.0.0.1:1/a/c?sv=2025-05-05&sig=REDACTED");
}

TEST(Sas, DetectsSasQuery) {
  EXPECT_TRUE(is_sas_query("sv=1&sig=abc"));
  EXPECT_TRUE(is_sas_query("SIG=abc") == false);  // parameter names are case-sensitive
  EXPECT_FALSE(is_sas_query(""));
  EXPECT_FALSE(is_sas_query("restype=container"));
  EXPECT_FALSE(is_sas_query("sig=%zz"));
}

}  // namespace
}  // namespace box::auth
