#include "common/redact.h"

#include <gtest/gtest.h>

namespace box {
namespace {

TEST(RedactUrl, SasSignatureHidden) {
  const std::string url =
      "https://acct.blob.core.windows.net/c/a.txt?sv=2022-11-02&ss=b&sp=rwl&se=2030-01-01T00:00:00Z&sig=abc%2Bdef%3D";
  EXPECT_EQ(redact_url(url),
            "https://acct.blob.core.windows.net/c/a.txt?sv=2022-11-02&ss=b&sp=rwl&se=2030-01-01T00:00:00Z&sig=REDACTED");
}

TEST(RedactUrl, UnknownParameterHidden) {
  EXPECT_EQ(redact_url("http://127.0.0.1:1/a?restype=container&token=xyz"),
            "http://127.0.0.1:1/a?restype=container&token=REDACTED");
}

TEST(RedactUrl, ManagedIdentityParametersShown) {
  EXPECT_EQ(redact_url("http://127.0.0.1:1/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com"
                       "&client_id=c1&mi_res_id=%2Fsubscriptions%2Fs"),
            "http://127.0.0.1:1/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com"
            "&client_id=c1&mi_res_id=%2Fsubscriptions%2Fs");
  EXPECT_EQ(redact_url("http://127.0.0.1:1/t?msi_res_id=r&object_id=o&principal_id=p&scope=s&clientid=c"),
            "http://127.0.0.1:1/t?msi_res_id=r&object_id=o&principal_id=p&scope=s&clientid=c");
}

TEST(RedactUrl, SecretNextToIdentityParameterHidden) {
  EXPECT_EQ(redact_url("http://127.0.0.1:1/t?API-VERSION=2018-02-01&client_secret=abc&code=xyz"),
            "http://127.0.0.1:1/t?API-VERSION=2018-02-01&client_secret=REDACTED&code=REDACTED");
}

TEST(RedactUrl, NoQueryUnchanged) {
  EXPECT_EQ(redact_url("http://127.0.0.1:1/a/b%20c"), "http://127.0.0.1:1/a/b%20c");
}

TEST(RedactHeader, AllowListOnly) {
  EXPECT_EQ(redact_header("x-ms-request-id", "abc"), "abc");
  EXPECT_EQ(redact_header("content-length", "10"), "10");
  EXPECT_EQ(redact_header("Authorization", "Bearer eyJ"), "REDACTED");
  EXPECT_EQ(redact_header("x-ms-copy-source-authorization", "x"), "REDACTED");
}

TEST(RedactText, RegisteredSecretRemoved) {
  register_secret("s3cr3t-value-42");
  EXPECT_EQ(redact_text("login with s3cr3t-value-42 failed, s3cr3t-value-42"),
            "login with REDACTED failed, REDACTED");
}

TEST(RedactText, ShortSecretNotRegistered) {
  register_secret("abc");
  EXPECT_EQ(redact_text("abc"), "abc");
}

TEST(RedactText, CredentialPatterns) {
  const struct {
    const char* input;
    const char* expected;
  } cases[] = {
      {"GET /c?sv=1&sig=AbC%2F123 HTTP", "GET /c?sv=1&sig=REDACTED HTTP"},
      {"Authorization: Bearer eyJ0eXAi.eyJhdWQi.sig-part", "Authorization: Bearer REDACTED"},
      {"Authorization: SharedKey acct:dGVzdA==", "Authorization: SharedKey acct:REDACTED"},
      {"AccountName=a;AccountKey=Zm9v+YmFy==;BlobEndpoint=x", "AccountName=a;AccountKey=REDACTED;BlobEndpoint=x"},
      {"grant_type=client_credentials&client_secret=pa55w0rd&scope=x",
       "grant_type=client_credentials&client_secret=REDACTED&scope=x"},
      {R"({"access_token":"eyJabc","expires_in":3599})", R"({"access_token":"REDACTED","expires_in":3599})"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(redact_text(c.input), c.expected) << c.input;
  }
}

}  // namespace
}  // namespace box
