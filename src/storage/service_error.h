// Errors returned by the Blob service, with the HTTP status, the service error
// code, the request id and a hint on what to do about it.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "http/client.h"

namespace box::storage {

// The kind of credential that authorized a request. The hint for a 401 or 403
// depends on it: a rejected Shared Key points at the account key, a rejected SAS at the SAS.
enum class AuthMethod { unknown, anonymous, sas, shared_key, bearer };

class ServiceError : public box::Error {
 public:
  // Builds the error from a non-2xx response. `operation` names the call
  // ("Put Blob 'dir/a.txt'") and `sas_query` (may be empty) lets the hint name
  // an expired SAS by its se= value.
  static ServiceError from_response(const http::Response& response, std::string_view operation,
                                    std::string_view sas_query, AuthMethod method = AuthMethod::unknown);

  ServiceError(long status, std::string error_code, std::string request_id, std::string service_message,
               std::string hint, std::string_view operation);

  long status() const { return status_; }
  // x-ms-error-code, else the <Code> of the XML body; empty when neither was sent.
  const std::string& error_code() const { return error_code_; }
  const std::string& request_id() const { return request_id_; }
  // The service's <Message>, first line only, redacted.
  const std::string& service_message() const { return service_message_; }
  // One sentence on what to do, or empty when there is nothing useful to add.
  const std::string& hint() const { return hint_; }

 private:
  long status_;
  std::string error_code_;
  std::string request_id_;
  std::string service_message_;
  std::string hint_;
};

// Returns the hint for a status and error code, e.g. for AuthenticationFailed
// with a SAS whose se= lies in the past: "the SAS expired at ...; create a new one".
std::string service_hint(long status, std::string_view error_code, std::string_view sas_query,
                         AuthMethod method = AuthMethod::unknown);

}  // namespace box::storage
