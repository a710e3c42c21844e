// BearerCredential and TrustedHosts. The token source here is a mock that
// counts requests, because these tests are about when tokens are requested
// and where they may be sent, not about any sign-in flow.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "auth/bearer_credential.h"
#include "common/error.h"

namespace box::auth {
namespace {

using entra::AccessToken;
using entra::Clock;

class CountingSource : public entra::TokenSource {
 public:
  explicit CountingSource(std::chrono::seconds lifetime, bool fail = false) : lifetime_(lifetime), fail_(fail) {}
  AccessToken acquire(const std::string& tenant) override {
    const int number = ++calls;
    last_tenant = tenant;
    if (fail_) {
      throw Error(ErrorKind::auth, "mock sign-in failure");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // widens the window for racing threads
    AccessToken token;
    token.token = "token-number-" + std::to_string(number);
    token.acquired_on = Clock::now();
    token.expires_on = token.acquired_on + lifetime_;
    return token;
  }
  std::atomic<int> calls{0};
  std::string last_tenant;

 private:
  std::chrono::seconds lifetime_;
  bool fail_;
};

AccessToken token_expiring_in(std::chrono::seconds left, std::chrono::seconds lifetime = std::chrono::hours(1)) {
  AccessToken token;
  token.token = "initial-token-value";
  token.expires_on = Clock::now() + left;
  token.acquired_on = token.expires_on - lifetime;
  return token;
}

std::string authorization_of(BearerCredential& credential, const std::string& url) {
  http::Request request;
  request.url = url;
  credential.authorize(request);
  return http::find_header(request.headers, "Authorization").value_or("");
}

TEST(TrustedHosts, DefaultSuffixes) {
  const TrustedHosts hosts;
  EXPECT_TRUE(hosts.contains("account.blob.core.windows.net"));
  EXPECT_TRUE(hosts.contains("Account.Blob.Core.Windows.Net"));
  EXPECT_TRUE(hosts.contains("account.blob.core.chinacloudapi.cn"));
  EXPECT_TRUE(hosts.contains("account.blob.core.usgovcloudapi.net"));
  EXPECT_TRUE(hosts.contains("account.blob.core.cloudapi.de"));
  EXPECT_TRUE(hosts.contains("account.z1.blob.storage.azure.net"));
  EXPECT_FALSE(hosts.contains("core.windows.net"));
  EXPECT_FALSE(hosts.contains("evilcore.windows.net"));
  EXPECT_FALSE(hosts.contains("account.blob.core.windows.net.example.com"));
  EXPECT_FALSE(hosts.contains("127.0.0.1"));
}

TEST(TrustedHosts, ExtraEntries) {
  const TrustedHosts hosts(" 127.0.0.1 ;*.storage.example.test;");
  EXPECT_TRUE(hosts.contains("127.0.0.1"));
  EXPECT_FALSE(hosts.contains("10.127.0.0.1"));
  EXPECT_TRUE(hosts.contains("a.storage.example.test"));
  EXPECT_FALSE(hosts.contains("storage.example.test"));
  EXPECT_TRUE(hosts.contains("account.blob.core.windows.net"));
  EXPECT_THROW(TrustedHosts("https://127.0.0.1"), Error);
  EXPECT_THROW(TrustedHosts("*."), Error);
}

TEST(ChallengeTenant, ReadsAuthorizationUri) {
  EXPECT_EQ(challenge_tenant("Bearer authorization_uri=https://login.microsoftonline.com/tenant-a/oauth2/authorize "
                             "resource_id=https://storage.azure.com"),
            "tenant-a");
  EXPECT_EQ(challenge_tenant("Bearer authorization_uri=\"https://login.microsoftonline.com/tenant-b/oauth2/authorize\", "
                             "resource_id=\"https://storage.azure.com\""),
            "tenant-b");
  EXPECT_EQ(challenge_tenant("Bearer resource_id=https://storage.azure.com"), "");
  EXPECT_EQ(challenge_tenant("Basic realm=x"), "");
}

TEST(BearerCredential, RefusesPlainHttpAndUntrustedHosts) {
  auto source = std::make_shared<CountingSource>(std::chrono::hours(1));
  BearerCredential credential(source, token_expiring_in(std::chrono::minutes(50)), TrustedHosts("127.0.0.1"), "test");
  EXPECT_THROW(authorization_of(credential, "http://127.0.0.1:10000/devstoreaccount1/c"), Error);
  EXPECT_THROW(authorization_of(credential, "http://account.blob.core.windows.net/c"), Error);
  EXPECT_THROW(authorization_of(credential, "https://attacker.example.com/c"), Error);
  EXPECT_EQ(authorization_of(credential, "https://127.0.0.1:10000/devstoreaccount1/c"), "Bearer initial-token-value");
  EXPECT_EQ(source->calls, 0);
}

TEST(BearerCredential, ReplacesExistingAuthorization) {
  auto source = std::make_shared<CountingSource>(std::chrono::hours(1));
  BearerCredential credential(source, token_expiring_in(std::chrono::minutes(50)), TrustedHosts(), "test");
  http::Request request;
  request.url = "https://account.blob.core.windows.net/c";
  request.headers = {{"authorization", "Bearer stale"}};
  credential.authorize(request);
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].second, "Bearer initial-token-value");
}

TEST(BearerCredential, RenewsFiveMinutesEarly) {
  auto source = std::make_shared<CountingSource>(std::chrono::hours(1));
  BearerCredential fresh(source, token_expiring_in(std::chrono::minutes(6)), TrustedHosts(), "test");
  EXPECT_EQ(authorization_of(fresh, "https://a.blob.core.windows.net/c"), "Bearer initial-token-value");
  EXPECT_EQ(source->calls, 0);

  BearerCredential due(source, token_expiring_in(std::chrono::minutes(4)), TrustedHosts(), "test");
  EXPECT_EQ(authorization_of(due, "https://a.blob.core.windows.net/c"), "Bearer token-number-1");
  EXPECT_EQ(source->calls, 1);
}

TEST(BearerCredential, KeepsValidTokenWhenRenewalFails) {
  auto failing = std::make_shared<CountingSource>(std::chrono::hours(1), true);
  BearerCredential still_valid(failing, token_expiring_in(std::chrono::minutes(2)), TrustedHosts(), "test");
  EXPECT_EQ(authorization_of(still_valid, "https://a.blob.core.windows.net/c"), "Bearer initial-token-value");

  BearerCredential expired(failing, token_expiring_in(std::chrono::seconds(-5)), TrustedHosts(), "test");
  EXPECT_THROW(authorization_of(expired, "https://a.blob.core.windows.net/c"), Error);
}

TEST(BearerCredential, ConcurrentRequestsRenewOnce) {
  auto source = std::make_shared<CountingSource>(std::chrono::hours(1));
  BearerCredential credential(source, token_expiring_in(std::chrono::seconds(-1)), TrustedHosts(), "test");
  std::vector<std::thread> threads;
  std::vector<std::string> headers(8);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    threads.emplace_back([&, i] { headers[i] = authorization_of(credential, "https://a.blob.core.windows.net/c"); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(source->calls, 1);
  for (const auto& header : headers) {
    EXPECT_EQ(header, "Bearer token-number-1");
  }
}

TEST(BearerCredential, ChallengeOncePerTenant) {
  auto source = std::make_shared<CountingSource>(std::chrono::hours(1));
  BearerCredential credential(source, token_expiring_in(std::chrono::minutes(50)), TrustedHosts(), "test");
  http::Response response;
  response.status = 401;
  response.headers = {{"WWW-Authenticate",
                       "Bearer authorization_uri=https://login.microsoftonline.com/tenant-z/oauth2/authorize"}};
  EXPECT_TRUE(credential.refresh_after_challenge(response));
  EXPECT_EQ(source->last_tenant, "tenant-z");
  EXPECT_FALSE(credential.refresh_after_challenge(response));
  EXPECT_EQ(source->calls, 1);

  // Later renewals keep asking the tenant the service named.
  response.status = 403;
  EXPECT_FALSE(credential.refresh_after_challenge(response));
}

}  // namespace
}  // namespace box::auth
