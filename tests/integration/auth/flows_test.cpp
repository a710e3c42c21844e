// Each Microsoft Entra ID sign-in flow against the Node token server, and
// each token used for real requests to Azurite over HTTPS with --oauth basic.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <thread>

#include "auth/bearer_credential.h"
#include "auth/entra/azure_cli.h"
#include "auth/entra/client_credentials.h"
#include "auth/entra/device_code.h"
#include "auth/entra/managed_identity.h"
#include "auth_fixture.h"
#include "common/error.h"
#include "storage/blob_client.h"
#include "storage/blob_url.h"

namespace box::testing {
namespace {

using auth::entra::AccessToken;
using auth::entra::ClientIdentity;

// The token server, Azurite and certificates are shared by every test of this binary.
struct Environment {
  TestPki pki;
  TokenServer server{pki};
  std::unique_ptr<Azurite> azurite;
  Environment() {
    setenv("SSL_CERT_FILE", pki.ca().c_str(), 1);
    azurite = start_oauth_azurite(pki);
  }
};

Environment& env() {
  static Environment instance;
  return instance;
}

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ScopedEnv& set(const std::string& name, const std::string& value) {
    remember(name);
    setenv(name.c_str(), value.c_str(), 1);
    return *this;
  }
  ScopedEnv& unset(const std::string& name) {
    remember(name);
    unsetenv(name.c_str());
    return *this;
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }

 private:
  void remember(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

// Clears every managed identity variable, so each test picks its endpoint alone.
ScopedEnv clean_managed_identity_env() {
  ScopedEnv scoped;
  for (const char* name : {"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT",
                           "AZURE_POD_IDENTITY_AUTHORITY_HOST", "BOXCOPY_ARC_TOKENS_DIR"}) {
    scoped.unset(name);
  }
  return scoped;
}

ClientIdentity identity() { return {env().server.authority(), kTenant, kClientId}; }

std::shared_ptr<auth::BearerCredential> bearer(std::shared_ptr<auth::entra::TokenSource> source,
                                               AccessToken initial = {}) {
  return std::make_shared<auth::BearerCredential>(std::move(source), std::move(initial),
                                                  auth::TrustedHosts("127.0.0.1"), "test");
}

int container_counter = 0;

// Creates a container, uploads a blob and reads it back with the credential.
void expect_round_trip(const std::shared_ptr<auth::Credential>& credential) {
  http::Client client;
  storage::BlobClient blobs(client, credential);
  const std::string name = "oauth-" + std::to_string(getpid()) + "-" + std::to_string(++container_counter);
  const storage::BlobUrl container = storage::parse_blob_url(env().azurite->account_url() + "/" + name);
  ASSERT_TRUE(blobs.create_container(container));

  const std::string content = "uploaded with an OAuth token";
  blobs.put_blob(container, "hello.txt",
                 [&](char* buffer, std::size_t size, std::uint64_t offset) {
                   const std::size_t n = std::min<std::size_t>(size, content.size() - offset);
                   std::copy_n(content.data() + offset, n, buffer);
                   return n;
                 },
                 content.size());
  std::string downloaded;
  blobs.get_range(container, "hello.txt", 0, 0, [&](std::uint64_t, const char* data, std::size_t size) {
    downloaded.append(data, size);
  });
  EXPECT_EQ(downloaded, content);
}

std::vector<nlohmann::json> requests_where(const std::string& key, const std::string& value) {
  std::vector<nlohmann::json> out;
  const nlohmann::json log = env().server.log();
  for (const auto& entry : log["requests"]) {
    if (entry.contains(key) && entry[key] == value) {
      out.push_back(entry);
    }
  }
  return out;
}

TEST(EntraFlows, ClientSecretAuthorizesAzurite) {
  static http::Client client;
  auto source = std::make_shared<auth::entra::ClientSecretSource>(client, identity(), kClientSecret);
  const AccessToken token = source->acquire("");
  EXPECT_FALSE(token.token.empty());
  EXPECT_GT(token.expires_on, auth::entra::Clock::now() + std::chrono::minutes(50));
  expect_round_trip(bearer(source, token));
}

TEST(EntraFlows, WrongClientSecretRejected) {
  http::Client client;
  auth::entra::ClientSecretSource source(client, identity(), "not-the-secret-value");
  try {
    source.acquire("");
    FAIL() << "a wrong secret was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::auth);
    EXPECT_NE(std::string(error.what()).find("invalid_client"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("; check AZCOPY_SPA_CLIENT_SECRET"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("not-the-secret-value"), std::string::npos);
  }
}

// Returns the message of the box::Error that `action` raises, or "" when it raises none.
template <typename Action>
std::string error_message(Action action, ErrorKind expected_kind) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), expected_kind) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error was raised";
  return {};
}

std::size_t count_occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + part.size())) {
    ++count;
  }
  return count;
}

TEST(EntraFlows, TokenEndpointDownNamesSettings) {
  const std::string authority = "https://127.0.0.1:" + std::to_string(free_loopback_port());
  http::Client client;
  auth::entra::ClientSecretSource source(client, ClientIdentity{authority, kTenant, kClientId}, kClientSecret);
  const std::string message = error_message([&] { source.acquire(""); }, ErrorKind::network);
  const std::string url = authority + "/" + kTenant + "/oauth2/v2.0/token";
  EXPECT_EQ(message.rfind("cannot reach the token endpoint " + url + ": ", 0), 0u) << message;
  EXPECT_EQ(count_occurrences(message, url), 1u) << message;
  EXPECT_NE(message.find("; check --aad-endpoint, AZCOPY_ACTIVE_DIRECTORY_ENDPOINT or AZURE_AUTHORITY_HOST, and "
                         "the network"),
            std::string::npos)
      << message;
}

TEST(EntraFlows, CertificatePemAuthorizesAzurite) {
  static http::Client client;
  auto certificate = auth::entra::ClientCertificate::load(env().pki.client_combined(), std::nullopt);
  auto source = std::make_shared<auth::entra::ClientCertificateSource>(client, identity(), certificate);
  expect_round_trip(bearer(source));
  const auto certificate_requests = requests_where("kind", "certificate");
  ASSERT_FALSE(certificate_requests.empty());
  EXPECT_FALSE(certificate_requests.back().contains("rejected"));
}

TEST(EntraFlows, EncryptedPemNeedsPassword) {
  const std::string path = env().pki.client_encrypted();
  const std::string without_password =
      error_message([&] { auth::entra::ClientCertificate::load(path, std::nullopt); }, ErrorKind::input);
  EXPECT_EQ(without_password, "the private key in '" + path + "' is encrypted; set AZCOPY_SPA_CERT_PASSWORD to its "
                              "password");
  const std::string wrong_password =
      error_message([&] { auth::entra::ClientCertificate::load(path, std::string("wrong")); }, ErrorKind::input);
  EXPECT_EQ(wrong_password.rfind("cannot decrypt the private key in '" + path + "'; check AZCOPY_SPA_CERT_PASSWORD",
                                 0),
            0u)
      << wrong_password;
  const std::string no_key = error_message(
      [&] { auth::entra::ClientCertificate::load(env().pki.client_cert(), std::nullopt); }, ErrorKind::input);
  EXPECT_EQ(no_key.rfind("the PEM file '" + env().pki.client_cert() + "' has no readable private key: ", 0), 0u)
      << no_key;
  static http::Client client;
  auto certificate = auth::entra::ClientCertificate::load(env().pki.client_encrypted(), std::string(kCertPassword));
  auto source = std::make_shared<auth::entra::ClientCertificateSource>(client, identity(), certificate);
  expect_round_trip(bearer(source));
}

TEST(EntraFlows, PfxAuthorizesAzurite) {
  EXPECT_THROW(auth::entra::ClientCertificate::load(env().pki.client_pfx(), std::string("wrong")), Error);
  static http::Client client;
  auto certificate = auth::entra::ClientCertificate::load(env().pki.client_pfx(), std::string(kCertPassword));
  auto source = std::make_shared<auth::entra::ClientCertificateSource>(client, identity(), certificate);
  expect_round_trip(bearer(source));
}

TEST(EntraFlows, CertificateFromOtherKeyRejected) {
  // The federation key is not the application's registered certificate.
  http::Client client;
  auto certificate = auth::entra::ClientCertificate::load(env().pki.federation_combined(), std::nullopt);
  auth::entra::ClientCertificateSource source(client, identity(), certificate);
  EXPECT_THROW(source.acquire(""), Error);
  const auto rejected = requests_where("kind", "certificate");
  ASSERT_FALSE(rejected.empty());
  EXPECT_TRUE(rejected.back().contains("rejected"));
}

std::vector<nlohmann::json> device_polls_since(std::size_t first) {
  std::vector<nlohmann::json> polls;
  const auto all = requests_where("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
  for (std::size_t i = first; i < all.size(); ++i) {
    polls.push_back(all[i]);
  }
  return polls;
}

TEST(EntraFlows, DeviceCodePendingThenSuccess) {
  env().server.configure({{"device_scenario", "pending"}});
  const std::size_t before = device_polls_since(0).size();
  static http::Client client;
  std::string message;
  auto source = std::make_shared<auth::entra::DeviceCodeSource>(
      client, ClientIdentity{env().server.authority(), "common", kClientId}, "",
      [&](const std::string& text) { message = text; });
  const AccessToken token = source->sign_in();

  EXPECT_NE(message.find("https://127.0.0.1:"), std::string::npos) << message;
  EXPECT_NE(message.find("/devicelogin"), std::string::npos) << message;
  EXPECT_EQ(device_polls_since(before).size(), 3u);  // pending, pending, success
  EXPECT_FALSE(token.refresh_token.empty());
  EXPECT_TRUE(source->can_refresh());

  // A renewal redeems the refresh token instead of asking the user again.
  const std::size_t refreshes = requests_where("grant_type", "refresh_token").size();
  const AccessToken renewed = source->acquire("");
  EXPECT_NE(renewed.token, token.token);
  EXPECT_EQ(requests_where("grant_type", "refresh_token").size(), refreshes + 1);
  expect_round_trip(bearer(source, renewed));
}

TEST(EntraFlows, DeviceCodeSlowDownAddsFiveSeconds) {
  env().server.configure({{"device_scenario", "slow_down"}});
  const std::size_t before = device_polls_since(0).size();
  http::Client client;
  auth::entra::DeviceCodeSource source(client, ClientIdentity{env().server.authority(), "common", kClientId}, "",
                                       [](const std::string&) {});
  EXPECT_FALSE(source.sign_in().token.empty());
  const auto polls = device_polls_since(before);
  ASSERT_EQ(polls.size(), 2u);
  // The server's interval is 1 s; after slow_down the client waits 1 + 5 s.
  EXPECT_GE(polls[1]["time"].get<long long>() - polls[0]["time"].get<long long>(), 5500);
  env().server.configure({{"device_scenario", "pending"}});
}

TEST(EntraFlows, DeviceCodeExpiredAndDeclined) {
  http::Client client;
  for (const auto& [scenario, expected] : {std::pair<std::string, std::string>{"expired", "expired"},
                                           std::pair<std::string, std::string>{"declined", "declined"}}) {
    env().server.configure({{"device_scenario", scenario}});
    auth::entra::DeviceCodeSource source(client, ClientIdentity{env().server.authority(), "common", kClientId}, "",
                                         [](const std::string&) {});
    try {
      source.sign_in();
      ADD_FAILURE() << scenario << " did not fail";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::auth);
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  }
  env().server.configure({{"device_scenario", "pending"}});
}

TEST(EntraFlows, ImdsWithClientIdAuthorizesAzurite) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("AZURE_POD_IDENTITY_AUTHORITY_HOST", env().server.http_base());
  static http::Client client;
  auto source = std::make_shared<auth::entra::ManagedIdentitySource>(
      client, auth::entra::ManagedIdentityOptions{"user-assigned-client-id", ""});
  EXPECT_EQ(source->endpoint(), auth::entra::ManagedIdentityEndpoint::imds);
  expect_round_trip(bearer(source));
  const auto calls = requests_where("endpoint", "/metadata/identity/oauth2/token");
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back()["query"]["client_id"], "user-assigned-client-id");
  EXPECT_EQ(calls.back()["query"]["api-version"], "2018-02-01");
}

TEST(EntraFlows, ImdsWithResourceId) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("AZURE_POD_IDENTITY_AUTHORITY_HOST", env().server.http_base() + "/");
  http::Client client;
  const std::string resource_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/x/id1";
  auth::entra::ManagedIdentitySource source(client, {"", resource_id});
  EXPECT_FALSE(source.acquire("").token.empty());
  EXPECT_EQ(requests_where("endpoint", "/metadata/identity/oauth2/token").back()["query"]["msi_res_id"], resource_id);
  EXPECT_THROW(auth::entra::ManagedIdentitySource(client, {"a", "b"}), Error);
}

TEST(EntraFlows, AppServiceSendsIdentityHeader) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("IDENTITY_ENDPOINT", env().server.http_base() + "/msi/token").set("IDENTITY_HEADER", kIdentityHeader);
  static http::Client client;
  auto source = std::make_shared<auth::entra::ManagedIdentitySource>(client, auth::entra::ManagedIdentityOptions{});
  EXPECT_EQ(source->endpoint(), auth::entra::ManagedIdentityEndpoint::app_service);
  expect_round_trip(bearer(source));

  scoped.set("IDENTITY_HEADER", "wrong-header-value");
  auth::entra::ManagedIdentitySource wrong(client, {});
  const std::string message = error_message([&] { wrong.acquire(""); }, ErrorKind::auth);
  EXPECT_NE(message.find("HTTP 401"), std::string::npos) << message;
  EXPECT_NE(message.find("; check IDENTITY_HEADER"), std::string::npos) << message;
  EXPECT_EQ(message.find("wrong-header-value"), std::string::npos) << message;
}

TEST(EntraFlows, ManagedIdentityDownNamesVariable) {
  ScopedEnv scoped = clean_managed_identity_env();
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/msi/token";
  scoped.set("IDENTITY_ENDPOINT", endpoint).set("IDENTITY_HEADER", kIdentityHeader);
  http::Client client;
  auth::entra::ManagedIdentitySource source(client, {"down-client-id", ""});
  const std::string message = error_message([&] { source.acquire(""); }, ErrorKind::network);
  const std::string url =
      endpoint + "?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com&client_id=down-client-id";
  EXPECT_EQ(message.rfind("cannot reach the managed identity endpoint (App Service) " + url + ": ", 0), 0u)
      << message;
  EXPECT_NE(message.find("; check IDENTITY_ENDPOINT and the network"), std::string::npos) << message;
  EXPECT_EQ(message.find("REDACTED"), std::string::npos) << message;
}

TEST(EntraFlows, MsiEndpointWithSecret) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("MSI_ENDPOINT", env().server.http_base() + "/msi2017/token").set("MSI_SECRET", kMsiSecret);
  static http::Client client;
  auto source = std::make_shared<auth::entra::ManagedIdentitySource>(client, auth::entra::ManagedIdentityOptions{});
  EXPECT_EQ(source->endpoint(), auth::entra::ManagedIdentityEndpoint::app_service_2017);
  expect_round_trip(bearer(source));
}

TEST(EntraFlows, CloudShellPostsForm) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("MSI_ENDPOINT", env().server.http_base() + "/cloudshell/token");
  static http::Client client;
  auto source = std::make_shared<auth::entra::ManagedIdentitySource>(client, auth::entra::ManagedIdentityOptions{});
  EXPECT_EQ(source->endpoint(), auth::entra::ManagedIdentityEndpoint::cloud_shell);
  expect_round_trip(bearer(source));
  EXPECT_EQ(requests_where("endpoint", "/cloudshell/token").back()["method"], "POST");
}

TEST(EntraFlows, ArcChallengeReadsKeyFile) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("IDENTITY_ENDPOINT", env().server.http_base() + "/arc/token")
      .set("IMDS_ENDPOINT", env().server.http_base())
      .set("BOXCOPY_ARC_TOKENS_DIR", env().server.arc_dir());
  static http::Client client;
  auto source = std::make_shared<auth::entra::ManagedIdentitySource>(client, auth::entra::ManagedIdentityOptions{});
  EXPECT_EQ(source->endpoint(), auth::entra::ManagedIdentityEndpoint::azure_arc);
  expect_round_trip(bearer(source));
  const auto answered = requests_where("endpoint", "/arc/token");
  ASSERT_GE(answered.size(), 2u);
  EXPECT_TRUE(answered.back().value("answered_challenge", false));

  // User-assigned identities do not exist on Arc.
  EXPECT_THROW(auth::entra::ManagedIdentitySource(client, {"client", ""}), Error);
}

TEST(EntraFlows, ArcRejectsKeyOutsideFolder) {
  ScopedEnv scoped = clean_managed_identity_env();
  scoped.set("IDENTITY_ENDPOINT", env().server.http_base() + "/arc/token")
      .set("IMDS_ENDPOINT", env().server.http_base())
      .set("BOXCOPY_ARC_TOKENS_DIR", env().server.arc_dir());
  const std::string outside = env().pki.dir() + "/outside.key";
  write_text(outside, "must-not-be-sent");
  http::Client client;
  for (const std::string& realm : {outside, env().server.arc_dir() + "/../outside.key",
                                   env().server.arc_dir() + "/not-a-key.txt"}) {
    env().server.configure({{"arc_realm", realm}});
    auth::entra::ManagedIdentitySource source(client, {});
    try {
      source.acquire("");
      ADD_FAILURE() << "accepted the key file " << realm;
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("was not read"), std::string::npos) << error.what();
    }
  }
  env().server.configure({{"arc_realm", ""}});
}

TEST(EntraFlows, WorkloadIdentityRereadsTokenFile) {
  TempDir dir;
  const std::string token_file = dir.path() + "/federated-token";
  write_text(token_file, make_federated_token(env().pki, "system:serviceaccount:ns:first"));
  static http::Client client;
  auto source = std::make_shared<auth::entra::WorkloadIdentitySource>(client, identity(), token_file);
  EXPECT_FALSE(source->acquire("").token.empty());

  // The platform rotates the file; the next request must send the new content.
  write_text(token_file, make_federated_token(env().pki, "system:serviceaccount:ns:second"));
  const AccessToken second = source->acquire("");
  const auto federated = requests_where("kind", "federated");
  ASSERT_GE(federated.size(), 2u);
  EXPECT_EQ(federated[federated.size() - 2]["assertion_sub"], "system:serviceaccount:ns:first");
  EXPECT_EQ(federated.back()["assertion_sub"], "system:serviceaccount:ns:second");
  expect_round_trip(bearer(source, second));
}

// Azure CLI cannot reach a real sign-in on loopback, so a stand-in `az`
// script on PATH plays its part: it records its arguments and prints a token
// minted by the token server in the format of `az account get-access-token`.
void write_az_stand_in(const std::string& dir, const std::string& output, int exit_code) {
  write_text(dir + "/az-output.json", output);
  write_text(dir + "/az",
             "#!/bin/sh\n"
             "printf '%s\\n' \"$@\" > \"" + dir + "/az-args.txt\"\n"
             "if [ " + std::to_string(exit_code) + " -ne 0 ]; then echo \"ERROR: Please run 'az login' to setup "
             "account.\" >&2; exit " + std::to_string(exit_code) + "; fi\n"
             "cat \"" + dir + "/az-output.json\"\n",
             0755);
}

TEST(EntraFlows, MalformedFederatedTokenNotRetried) {
  TempDir dir;
  const std::string token_path = dir.path() + "/federated-token";
  write_text(token_path, "not-a-jwt-at-all");
  const std::string client_id = "malformed-assertion-client";
  http::Client client;
  auth::entra::WorkloadIdentitySource source(client, ClientIdentity{env().server.authority(), kTenant, client_id},
                                             token_path);
  const std::string message = error_message([&] { source.acquire(""); }, ErrorKind::auth);
  EXPECT_NE(message.find("HTTP 400 invalid_client"), std::string::npos) << message;
  // A 400 is final: one request, no retries.
  EXPECT_EQ(requests_where("client_id", client_id).size(), 1u);
  EXPECT_EQ(client.retried_attempts(), 0u);
}

TEST(EntraFlows, AzureCliStandInAuthorizesAzurite) {
  TempDir dir;
  const auto minted = env().server.mint(kTenant);
  const nlohmann::json output = {{"accessToken", minted["access_token"]},
                                 {"expiresOn", "2099-01-01 00:00:00.000000"},
                                 {"expires_on", minted["expires_on"]},
                                 {"subscription", "0000"},
                                 {"tenant", kTenant},
                                 {"tokenType", "Bearer"}};
  write_az_stand_in(dir.path(), output.dump(), 0);
  ScopedEnv scoped;
  scoped.set("PATH", dir.path() + ":" + std::getenv("PATH"));

  auto source = std::make_shared<auth::entra::AzureCliSource>(kTenant);
  const AccessToken token = source->acquire("");
  EXPECT_EQ(token.token, minted["access_token"].get<std::string>());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(token.expires_on), minted["expires_on"].get<long long>());
  EXPECT_EQ(read_text(dir.path() + "/az-args.txt"),
            std::string("account\nget-access-token\n--resource\nhttps://storage.azure.com\n--output\njson\n"
                        "--tenant\n") + kTenant + "\n");
  expect_round_trip(bearer(source, token));
}

TEST(EntraFlows, AzureCliFailureReported) {
  TempDir dir;
  write_az_stand_in(dir.path(), "", 1);
  ScopedEnv scoped;
  scoped.set("PATH", dir.path() + ":" + std::getenv("PATH"));
  auth::entra::AzureCliSource source("");
  try {
    source.acquire("");
    FAIL() << "a failing az was accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("az login"), std::string::npos) << error.what();
  }
  EXPECT_THROW(auth::entra::AzureCliSource("tenant; rm -rf /"), Error);
}

TEST(BearerRefresh, ShortLivedTokenRenewed) {
  env().server.configure({{"token_lifetime", 4}});
  static http::Client client;
  auto source = std::make_shared<auth::entra::ClientSecretSource>(client, identity(), kClientSecret);
  auto credential = bearer(source);
  const std::size_t before = requests_where("kind", "secret").size();

  http::Request first;
  first.url = env().azurite->account_url() + "/c?restype=container";
  credential->authorize(first);
  // Half of the 4 s lifetime passes, so the next request needs a new token.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  http::Request second = first;
  credential->authorize(second);
  env().server.configure({{"token_lifetime", 3600}});

  EXPECT_EQ(requests_where("kind", "secret").size(), before + 2);
  EXPECT_NE(http::find_header(first.headers, "Authorization"), http::find_header(second.headers, "Authorization"));
  expect_round_trip(credential);
}

TEST(BearerRefresh, ChallengeReacquiresForNamedTenantOnce) {
  static http::Client client;
  auto source = std::make_shared<auth::entra::ClientSecretSource>(client, identity(), kClientSecret);
  auto credential = bearer(source, source->acquire(""));
  http::Response challenge;
  challenge.status = 401;
  challenge.headers = {{"WWW-Authenticate",
                        "Bearer authorization_uri=https://login.microsoftonline.com/other-tenant-id/oauth2/authorize "
                        "resource_id=https://storage.azure.com"}};
  EXPECT_TRUE(credential->refresh_after_challenge(challenge));
  const auto requests = env().server.log()["requests"];
  EXPECT_EQ(requests.back()["tenant"], "other-tenant-id");
  EXPECT_FALSE(credential->refresh_after_challenge(challenge));
}

}  // namespace
}  // namespace box::testing
