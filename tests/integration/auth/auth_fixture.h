// Test fixtures for sign-in tests: certificates made at test time with the
// openssl CLI, the Node token server (a mock of Microsoft Entra ID and the
// managed identity endpoints), and Azurite over HTTPS with --oauth basic.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "support/azurite.h"
#include "support/process.h"

namespace box::testing {

inline constexpr const char* kTenant = "11111111-2222-4333-8444-555555555555";
inline constexpr const char* kClientId = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
// Values the tests look for in every output and log; none may appear there.
inline constexpr const char* kClientSecret = "test-client-secret-Zq8Vw3Lx";
inline constexpr const char* kCertPassword = "test-cert-password-K7pR2m";
inline constexpr const char* kIdentityHeader = "test-identity-header-9fQx";
inline constexpr const char* kMsiSecret = "test-msi-secret-4Hs8";

// A CA, a server certificate for 127.0.0.1, and client and federation
// certificates with RSA keys, all made in a temporary folder.
class TestPki {
 public:
  TestPki();
  const std::string& dir() const { return dir_.path(); }
  std::string ca() const { return dir() + "/ca.pem"; }
  std::string server_cert() const { return dir() + "/server.pem"; }
  std::string server_key() const { return dir() + "/server.key"; }
  std::string client_cert() const { return dir() + "/client.pem"; }            // certificate only
  std::string client_combined() const { return dir() + "/client-combined.pem"; }  // certificate + key
  std::string client_encrypted() const { return dir() + "/client-encrypted.pem"; }  // key encrypted with kCertPassword
  std::string client_pfx() const { return dir() + "/client.pfx"; }              // PKCS#12 with kCertPassword
  std::string federation_cert() const { return dir() + "/federation.pem"; }
  std::string federation_combined() const { return dir() + "/federation-combined.pem"; }

 private:
  TempDir dir_;
};

// The Node token server on 127.0.0.1: HTTPS for the authority, plain HTTP
// for the managed identity endpoints, as on a real VM or App Service.
class TokenServer {
 public:
  explicit TokenServer(const TestPki& pki, int token_lifetime_seconds = 3600);

  std::string authority() const { return "https://127.0.0.1:" + std::to_string(https_port_); }
  std::string http_base() const { return "http://127.0.0.1:" + std::to_string(http_port_); }
  const std::string& arc_dir() const { return arc_dir_.path(); }

  // POSTs to /_test/config: device_scenario, token_lifetime, arc_realm.
  void configure(const nlohmann::json& settings) const;
  // Returns the server's request log: {"requests": [...]}.
  nlohmann::json log() const;
  // Returns a fresh access token {"access_token", "expires_on"} for a stand-in az.
  nlohmann::json mint(const std::string& tenant) const;

 private:
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body) const;

  TempDir arc_dir_;
  TempDir workspace_;
  int https_port_ = 0;
  int http_port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

// Returns a federated token (an RS256 JWT signed with the federation key)
// with aud api://AzureADTokenExchange and the given subject.
std::string make_federated_token(const TestPki& pki, const std::string& subject);

// Azurite over HTTPS with --oauth basic, using the test PKI's server certificate.
std::unique_ptr<Azurite> start_oauth_azurite(const TestPki& pki);

// Returns the text of a file, or empty when it cannot be read.
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text, unsigned mode = 0600);

}  // namespace box::testing
