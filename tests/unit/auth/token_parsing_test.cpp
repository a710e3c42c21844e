// Parsing of token endpoint, managed identity and Azure CLI responses.
#include <gtest/gtest.h>

#include "auth/entra/authority.h"
#include "auth/entra/azure_cli.h"
#include "auth/oauth_session.h"
#include "common/error.h"
#include "common/redact.h"

namespace box::auth::entra {
namespace {

long long epoch_of(Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

TEST(TokenResponse, ExpiresIn) {
  const auto before = Clock::now();
  const AccessToken token =
      parse_token_response(R"({"token_type":"Bearer","expires_in":3599,"access_token":"eyJ.a.b-token-one"})", "test");
  EXPECT_EQ(token.token, "eyJ.a.b-token-one");
  EXPECT_GE(token.expires_on, before + std::chrono::seconds(3599));
  EXPECT_LE(token.expires_on, Clock::now() + std::chrono::seconds(3599));
  EXPECT_TRUE(token.refresh_token.empty());
  // Parsed tokens are registered as secrets.
  EXPECT_EQ(redact_text("token eyJ.a.b-token-one"), "token REDACTED");
}

TEST(TokenResponse, ExpiresOnStringWins) {
  const AccessToken token = parse_token_response(
      R"({"access_token":"managed-identity-token","expires_in":"3599","expires_on":"2000000000","refresh_token":"rt-value-1"})",
      "test");
  EXPECT_EQ(epoch_of(token.expires_on), 2000000000);
  EXPECT_EQ(token.refresh_token, "rt-value-1");
}

TEST(TokenResponse, RejectsMissingFields) {
  EXPECT_THROW(parse_token_response(R"({"expires_in":10})", "test"), Error);
  EXPECT_THROW(parse_token_response(R"({"access_token":"no-expiry-token"})", "test"), Error);
  EXPECT_THROW(parse_token_response("<html>", "test"), Error);
}

TEST(TokenResponse, ErrorNamesCodeAndFirstLine) {
  http::Response response;
  response.status = 401;
  response.body = R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.\r\nTrace ID: 1"})";
  const Error error = token_request_error(response, "Microsoft Entra ID");
  EXPECT_EQ(error.kind(), ErrorKind::auth);
  EXPECT_EQ(std::string(error.what()),
            "Microsoft Entra ID rejected the token request (HTTP 401 invalid_client: AADSTS7000215: Invalid client "
            "secret.)");
  EXPECT_EQ(oauth_error_code(response.body), "invalid_client");
}

TEST(AzureCliOutput, ExpiresOnEpoch) {
  const AccessToken token =
      parse_azure_cli_output(R"({"accessToken":"cli-token-value","expiresOn":"2030-01-01 00:00:00.000000",)"
                             R"("expires_on":1900000000,"tenant":"t","tokenType":"Bearer"})");
  EXPECT_EQ(token.token, "cli-token-value");
  EXPECT_EQ(epoch_of(token.expires_on), 1900000000);
}

TEST(AzureCliOutput, LocalExpiresOnOnly) {
  const AccessToken token =
      parse_azure_cli_output(R"({"accessToken":"cli-token-value-2","expiresOn":"2030-06-01 12:30:00.000000"})");
  std::tm parts{};
  parts.tm_year = 130;
  parts.tm_mon = 5;
  parts.tm_mday = 1;
  parts.tm_hour = 12;
  parts.tm_min = 30;
  parts.tm_isdst = -1;
  EXPECT_EQ(Clock::to_time_t(token.expires_on), std::mktime(&parts));
  EXPECT_THROW(parse_azure_cli_output("ERROR: Please run 'az login' to setup account."), Error);
  EXPECT_THROW(parse_azure_cli_output(R"({"accessToken":"x-token-no-expiry"})"), Error);
}

TEST(DescribeExpiry, Spans) {
  const auto now = Clock::now();
  EXPECT_EQ(auth::describe_expiry(now + std::chrono::seconds(59 * 60 + 30), now), "in 59 minutes");
  EXPECT_EQ(auth::describe_expiry(now + std::chrono::minutes(125), now), "in 2 hours 5 minutes");
  EXPECT_EQ(auth::describe_expiry(now + std::chrono::minutes(60), now), "in 1 hour");
  EXPECT_EQ(auth::describe_expiry(now - std::chrono::minutes(3), now), "expired 3 minutes ago");
  EXPECT_EQ(auth::describe_expiry(now - std::chrono::seconds(20), now), "expired less than a minute ago");
  EXPECT_EQ(auth::describe_expiry(now + std::chrono::seconds(20), now), "in less than a minute");
}

}  // namespace
}  // namespace box::auth::entra
