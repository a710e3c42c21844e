#include "storage/service_error.h"

#include <pugixml.hpp>

#include <chrono>
#include <ctime>
#include <optional>

#include "common/redact.h"
#include "http/url.h"
#include "storage/blob_client.h"

namespace box::storage {
namespace {

ErrorKind kind_for_status(long status) {
  return status == 401 || status == 403 ? ErrorKind::auth : ErrorKind::service;
}

bool retryable_status(long status) {
  return status == 408 || status == 429 || status >= 500;
}

std::string first_line(std::string_view text) {
  const auto end = text.find_first_of("\r\n");
  return std::string(text.substr(0, end));
}

// Returns the current UTC time as "YYYY-MM-DDTHH:MM:SSZ", the form SAS se= values use.
std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// True when a SAS expiry (se=, "2024-01-01" or "2024-01-01T00:00:00Z") lies in
// the past. Both sides have the same fixed-width layout, so text order is time order.
bool sas_expired(const std::string& expiry) {
  std::string normalized = expiry;
  if (normalized.size() == 10) {
    normalized += "T00:00:00Z";
  }
  return normalized.size() >= 20 && normalized.substr(0, 19) < utc_now_iso8601().substr(0, 19);
}

// Hints for 403 responses to a request that carried a SAS. Azure reports a bad
// or expired SAS as AuthenticationFailed; Azurite 3.35.0 as AuthorizationFailure.
std::string sas_hint(std::string_view code, std::string_view sas_query) {
  std::optional<std::string> expiry;
  try {
    expiry = http::query_value(sas_query, "se");
  } catch (const Error&) {
    // A malformed SAS query gets the generic SAS hint below.
  }
  if (expiry && sas_expired(*expiry)) {
    return "the SAS expired at " + *expiry + "; create a new one";
  }
  if (code == "AuthorizationPermissionMismatch") {
    return "the SAS does not permit this operation; create one with the permissions it needs "
           "(sp=: r read, w write, c create, d delete, l list)";
  }
  return "the SAS in the URL was rejected; check that it was signed for this account and container, that it "
         "is complete (quote the URL so the shell does not cut it at '&'), and that its start (st=) and expiry "
         "(se=) include the current time";
}

// Hint for a request signed with Shared Key that the service did not accept.
// Azure rejects a wrong key with 403 AuthenticationFailed and Azurite 3.35.0 with
// 403 AuthorizationFailure, which Azure also returns when its firewall blocks the client.
std::string shared_key_hint(std::string_view code) {
  std::string hint =
      "the account key does not match the account; check AccountKey in AZURE_STORAGE_CONNECTION_STRING, or "
      "ACCOUNT_KEY, and that this machine's clock is correct";
  if (code == "AuthorizationFailure") {
    hint += " (on Azure, AuthorizationFailure can also mean that the account's firewall rejects this client)";
  }
  return hint;
}

// Hints for 401 and 403 responses; empty when the status is neither.
std::string authorization_hint(long status, std::string_view code, std::string_view sas_query, AuthMethod method) {
  if (method == AuthMethod::anonymous && (status == 401 || status == 403 || code == "ResourceNotFound")) {
    // Azure rejects a request for a private resource with 401 or 404 ResourceNotFound, Azurite 3.35.0 with 403.
    return "no credential was sent and the resource is not public; add a SAS to the URL, or set "
           "AZURE_STORAGE_CONNECTION_STRING, or ACCOUNT_NAME and ACCOUNT_KEY";
  }
  if (status == 403 && (method == AuthMethod::sas || !sas_query.empty())) {
    return sas_hint(code, sas_query);
  }
  if (method == AuthMethod::shared_key && (status == 401 || status == 403) &&
      (code.empty() || code == "AuthenticationFailed" || code == "AuthorizationFailure")) {
    return shared_key_hint(code);
  }
  if (code == "AuthenticationFailed" || (status == 403 && code.empty())) {
    return "check the account key (AZURE_STORAGE_CONNECTION_STRING or ACCOUNT_NAME and ACCOUNT_KEY) "
           "and that this machine's clock is correct";
  }
  if (code == "NoAuthenticationInformation" || (status == 401 && code.empty())) {
    return "the resource is not public; add a SAS to the URL or set AZURE_STORAGE_CONNECTION_STRING "
           "or ACCOUNT_NAME and ACCOUNT_KEY";
  }
  if (status == 403 && code.rfind("Authorization", 0) == 0) {
    return "the credential is valid but not allowed to do this; it needs a role such as "
           "Storage Blob Data Contributor on the container";
  }
  return {};
}

struct CodeHint {
  std::string_view code;
  std::string_view hint;
};

constexpr CodeHint kCodeHints[] = {
    {"ContainerNotFound", "check the container name, or create the container with `boxcopy make URL`"},
    {"BlobNotFound", "check the blob name; blob names are case-sensitive"},
    {"ResourceNotFound",
     "check the account and container names; without valid credentials a private container also reads as not found"},
    {"ContainerBeingDeleted", "a container of this name was deleted recently; wait about 30 seconds and try again"},
    {"InvalidBlockList",
     "a staged block was missing when the block list was committed (blocks expire after a week or when another "
     "upload commits the blob); run the copy again"},
    {"InvalidBlobOrBlock",
     "the blob has uncommitted blocks from another upload with ids of another length; run the copy again after "
     "that upload finished"},
    {"InvalidBlockId",
     "the blob has uncommitted blocks from another upload with ids of another length; run the copy again after "
     "that upload finished"},
    {"RequestBodyTooLarge", "lower --block-size-mb or --put-blob-size-mb"},
    {"Md5Mismatch",
     "the data changed between reading and sending it; check that the source file is not being written to, then "
     "run the copy again"},
    {"InvalidResourceName", "container names are 3 to 63 characters: lower-case letters, digits and single hyphens"},
    {"OutOfRangeInput", "container names are 3 to 63 characters: lower-case letters, digits and single hyphens"},
    {"ServerBusy", "the service is throttling or busy; try again later or lower AZCOPY_CONCURRENCY_VALUE"},
    {"OperationTimedOut", "the service is throttling or busy; try again later or lower AZCOPY_CONCURRENCY_VALUE"},
};

}  // namespace

std::string service_hint(long status, std::string_view code, std::string_view sas_query, AuthMethod method) {
  if (std::string hint = authorization_hint(status, code, sas_query, method); !hint.empty()) {
    return hint;
  }
  for (const auto& entry : kCodeHints) {
    if (entry.code == code) {
      return std::string(entry.hint);
    }
  }
  if (code == "InvalidHeaderValue" || code == "InvalidQueryParameterValue") {
    return "if the message names x-ms-version, the service does not accept version " + std::string(kServiceVersion) +
           "; with Azurite, use version 3.35.0 or later";
  }
  if (status == 429 || status == 503) {
    return "the service is throttling or busy; try again later or lower AZCOPY_CONCURRENCY_VALUE";
  }
  if (status >= 500) {
    return "the service failed; the request was retried and can be tried again later";
  }
  return {};
}

ServiceError::ServiceError(long status, std::string error_code, std::string request_id, std::string service_message,
                           std::string hint, std::string_view operation)
    : Error(kind_for_status(status),
            std::string(operation) + " failed: " + std::to_string(status) +
                (error_code.empty() ? "" : " " + error_code) +
                (request_id.empty() ? "" : " (request id " + request_id + ")") +
                (service_message.empty() ? "" : ": " + service_message) +
                (hint.empty() ? "" : ". Hint: " + hint),
            retryable_status(status)),
      status_(status),
      error_code_(std::move(error_code)),
      request_id_(std::move(request_id)),
      service_message_(std::move(service_message)),
      hint_(std::move(hint)) {}

ServiceError ServiceError::from_response(const http::Response& response, std::string_view operation,
                                         std::string_view sas_query, AuthMethod method) {
  std::string code = response.header("x-ms-error-code").value_or("");
  std::string message;
  pugi::xml_document document;
  if (!response.body.empty() && document.load_buffer(response.body.data(), response.body.size())) {
    const pugi::xml_node error = document.child("Error");
    if (code.empty()) {
      code = error.child_value("Code");
    }
    message = first_line(error.child_value("Message"));
  }
  if (message.empty() && !code.empty()) {
    message = code == "AuthenticationFailed" ? "the service failed to authenticate the request" : "";
  }
  if (!message.empty() && message.back() == '.') {
    message.pop_back();
  }
  std::string request_id = response.header("x-ms-request-id").value_or("");
  std::string hint = service_hint(response.status, code, sas_query, method);
  return ServiceError(response.status, std::move(code), std::move(request_id), redact_text(message),
                      std::move(hint), operation);
}

}  // namespace box::storage
