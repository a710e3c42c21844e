#include "storage/service_error.h"

#include <gtest/gtest.h>

#include "common/redact.h"

namespace box::storage {
namespace {

http::Response make_response(long status, const char* code, const char* body) {
  http::Response response;
  response.status = status;
  if (code) {
    response.headers.emplace_back("x-ms-error-code", code);
  }
  response.headers.emplace_back("x-ms-request-id", "7f3c0d2e-0001-0002-0003-000000000004");
  response.body = body;
  return response;
}

TEST(ServiceError, ExpiredSasMessage) {
  const auto response = make_response(
      403, "AuthenticationFailed",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to "
      "authenticate the request. Make sure the value of the Authorization header is formed correctly.\nRequestId:"
      "7f3c\nTime:2024-01-02T00:00:00Z</Message></Error>");
  const auto error =
      ServiceError::from_response(response, "List Blobs 'c'", "sv=2025-05-05&se=2024-01-01T00%3A00%3A00Z&sig=abcdefgh");
  EXPECT_EQ(error.status(), 403);
  EXPECT_EQ(error.error_code(), "AuthenticationFailed");
  EXPECT_EQ(error.request_id(), "7f3c0d2e-0001-0002-0003-000000000004");
  EXPECT_EQ(error.kind(), ErrorKind::auth);
  EXPECT_FALSE(error.retryable());
  EXPECT_EQ(std::string(error.what()),
            "List Blobs 'c' failed: 403 AuthenticationFailed (request id 7f3c0d2e-0001-0002-0003-000000000004): "
            "Server failed to authenticate the request. Make sure the value of the Authorization header is formed "
            "correctly. Hint: the SAS expired at 2024-01-01T00:00:00Z; create a new one");
}

TEST(ServiceError, CodeFromXmlBody) {
  const auto response = make_response(404, nullptr,
                                      "<Error><Code>ContainerNotFound</Code><Message>The specified container does "
                                      "not exist.</Message></Error>");
  const auto error = ServiceError::from_response(response, "List Blobs 'gone'", "");
  EXPECT_EQ(error.error_code(), "ContainerNotFound");
  EXPECT_EQ(error.kind(), ErrorKind::service);
  EXPECT_NE(std::string(error.what()).find("404 ContainerNotFound"), std::string::npos);
  EXPECT_NE(error.hint().find("boxcopy make"), std::string::npos);
}

TEST(ServiceError, HeadResponseWithoutBody) {
  const auto error = ServiceError::from_response(make_response(404, "BlobNotFound", ""), "Get Blob 'c/x'", "");
  EXPECT_EQ(std::string(error.what()),
            "Get Blob 'c/x' failed: 404 BlobNotFound (request id 7f3c0d2e-0001-0002-0003-000000000004). Hint: check "
            "the blob name; blob names are case-sensitive");
}

TEST(ServiceError, RetryableStatuses) {
  for (long status : {429L, 500L, 503L}) {
    EXPECT_TRUE(ServiceError::from_response(make_response(status, "ServerBusy", ""), "x", "").retryable()) << status;
  }
  for (long status : {400L, 403L, 404L, 409L}) {
    EXPECT_FALSE(ServiceError::from_response(make_response(status, "Other", ""), "x", "").retryable()) << status;
  }
}

TEST(ServiceError, MessageRedacted) {
  register_secret("LeakedSignature123");
  const auto response = make_response(403, "AuthenticationFailed",
                                      "<Error><Code>AuthenticationFailed</Code><Message>Signature "
                                      "LeakedSignature123 did not match</Message></Error>");
  const auto error = ServiceError::from_response(response, "Put Blob 'c/a'", "sv=1&sig=LeakedSignature123");
  EXPECT_EQ(std::string(error.what()).find("LeakedSignature123"), std::string::npos) << error.what();
}

struct HintCase {
  long status;
  const char* code;
  const char* sas_query;
  const char* expected_fragment;
};

TEST(ServiceHint, Table) {
  const HintCase cases[] = {
      {403, "AuthenticationFailed", "", "account key"},
      {403, "AuthenticationFailed", "sv=1&se=2999-01-01&sig=x", "rejected"},
      {403, "AuthenticationFailed", "sv=1&se=2000-01-01&sig=x", "expired at 2000-01-01"},
      {403, "AuthorizationPermissionMismatch", "sv=1&sig=x", "sp="},
      {403, "AuthorizationFailure", "", "Storage Blob Data"},
      {401, "NoAuthenticationInformation", "", "not public"},
      {404, "ContainerNotFound", "", "boxcopy make"},
      {404, "BlobNotFound", "", "case-sensitive"},
      {503, "ServerBusy", "", "AZCOPY_CONCURRENCY_VALUE"},
      {400, "InvalidBlockList", "", "run the copy again"},
      {413, "RequestBodyTooLarge", "", "--block-size-mb"},
      {400, "InvalidResourceName", "", "3 to 63"},
      {500, "InternalError", "", "retried"},
  };
  for (const auto& test : cases) {
    EXPECT_NE(service_hint(test.status, test.code, test.sas_query).find(test.expected_fragment), std::string::npos)
        << test.code << " " << test.sas_query;
  }
  EXPECT_EQ(service_hint(409, "BlobAlreadyExists", ""), "");
}

TEST(ServiceHint, DependsOnAuthMethod) {
  // Azurite 3.35.0 answers a wrong account key with 403 AuthorizationFailure.
  const std::string wrong_key = service_hint(403, "AuthorizationFailure", "", AuthMethod::shared_key);
  EXPECT_NE(wrong_key.find("account key does not match the account"), std::string::npos) << wrong_key;
  EXPECT_NE(wrong_key.find("AccountKey in AZURE_STORAGE_CONNECTION_STRING"), std::string::npos) << wrong_key;
  EXPECT_NE(wrong_key.find("ACCOUNT_KEY"), std::string::npos) << wrong_key;
  EXPECT_NE(wrong_key.find("clock"), std::string::npos) << wrong_key;
  EXPECT_EQ(wrong_key.find("Storage Blob Data"), std::string::npos) << wrong_key;
  EXPECT_NE(service_hint(403, "AuthenticationFailed", "", AuthMethod::shared_key).find("does not match"),
            std::string::npos);

  // A token that lacks a role keeps the role hint; a SAS keeps the SAS hints.
  EXPECT_NE(service_hint(403, "AuthorizationFailure", "", AuthMethod::bearer).find("Storage Blob Data"),
            std::string::npos);
  EXPECT_NE(service_hint(403, "AuthorizationFailure", "sv=1&se=2999-01-01&sig=x", AuthMethod::sas).find("rejected"),
            std::string::npos);
  EXPECT_NE(service_hint(403, "AuthorizationFailure", "", AuthMethod::anonymous).find("no credential was sent"),
            std::string::npos);
  EXPECT_NE(service_hint(404, "ResourceNotFound", "", AuthMethod::anonymous).find("no credential was sent"),
            std::string::npos);
}

}  // namespace
}  // namespace box::storage
