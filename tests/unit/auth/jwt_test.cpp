// base64url and the RS256 client assertion, checked with OpenSSL against a
// certificate made by the openssl CLI.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "auth/entra/jwt.h"
#include "common/error.h"
#include "support/process.h"

namespace box::auth::entra {
namespace {

TEST(Base64Url, KnownVectors) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff", 2));
  EXPECT_EQ(base64url_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64url_decode("+/8"), std::string("\xfb\xff", 2));
  EXPECT_THROW(base64url_decode("a*b"), Error);
}

TEST(JwtClaims, ReadsPayloadOnly) {
  const std::string token = base64url_encode(R"({"alg":"none"})") + "." +
                            base64url_encode(R"({"upn":"user@example.test","exp":5})") + ".sig";
  const auto claims = read_jwt_claims(token);
  EXPECT_EQ(claims["upn"], "user@example.test");
  EXPECT_TRUE(read_jwt_claims("not-a-jwt").empty());
  EXPECT_TRUE(read_jwt_claims("a.%%%.c").empty());
}

struct TestCertificate {
  testing::TempDir dir;
  std::string combined() const { return dir.path() + "/combined.pem"; }
  std::string cert() const { return dir.path() + "/cert.pem"; }
  TestCertificate() {
    testing::ProcessOptions options;
    options.working_dir = dir.path();
    const auto result = testing::run_process({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                              "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=jwt test"},
                                             options);
    if (result.exit_code != 0) {
      throw std::runtime_error("openssl req failed: " + result.err);
    }
    testing::run_process({"sh", "-c", "cat cert.pem key.pem > combined.pem"}, options);
  }
};

std::string sha_digest(X509* cert, const EVP_MD* type) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert, type, digest, &length);
  return base64url_encode(std::string(reinterpret_cast<char*>(digest), length));
}

TEST(ClientAssertion, SignedWithThumbprints) {
  const TestCertificate files;
  const ClientCertificate certificate = ClientCertificate::load(files.combined(), std::nullopt);
  const std::string audience = "https://login.example.test/tenant/oauth2/v2.0/token";
  const std::string assertion = make_client_assertion(certificate, "client-id-1", audience);

  const auto first = assertion.find('.');
  const auto second = assertion.find('.', first + 1);
  ASSERT_NE(second, std::string::npos);
  const auto header = nlohmann::json::parse(base64url_decode(assertion.substr(0, first)));
  const auto claims = read_jwt_claims(assertion);

  FILE* file = std::fopen(files.cert().c_str(), "r");
  ASSERT_NE(file, nullptr);
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["x5t"], sha_digest(cert, EVP_sha1()));
  EXPECT_EQ(header["x5t#S256"], sha_digest(cert, EVP_sha256()));
  EXPECT_EQ(claims["aud"], audience);
  EXPECT_EQ(claims["iss"], "client-id-1");
  EXPECT_EQ(claims["sub"], "client-id-1");
  EXPECT_EQ(claims["exp"].get<long long>() - claims["nbf"].get<long long>(), 600);
  EXPECT_EQ(claims["jti"].get<std::string>().size(), 32u);
  EXPECT_NE(read_jwt_claims(make_client_assertion(certificate, "client-id-1", audience))["jti"], claims["jti"]);

  // The signature verifies with the certificate's public key.
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const std::string input = assertion.substr(0, second);
  const std::string signature = base64url_decode(assertion.substr(second + 1));
  ASSERT_EQ(EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key), 1);
  EXPECT_EQ(EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
            1);
  EVP_MD_CTX_free(context);
  EVP_PKEY_free(key);
  X509_free(cert);
}

TEST(ClientCertificate, MissingAndKeylessFiles) {
  const TestCertificate files;
  EXPECT_THROW(ClientCertificate::load(files.dir.path() + "/missing.pem", std::nullopt), Error);
  EXPECT_THROW(ClientCertificate::load(files.cert(), std::nullopt), Error);  // no private key
}

}  // namespace
}  // namespace box::auth::entra
