// The error that http::Client raises when a request gets no complete
// response, with libcurl's description kept apart from the method and URL.
#pragma once

#include <string>
#include <utility>

#include "common/error.h"

namespace box::http {

class TransferError : public Error {
 public:
  TransferError(ErrorKind kind, std::string message, bool retryable, std::string detail)
      : Error(kind, std::move(message), retryable), detail_(std::move(detail)) {}

  // libcurl's description of the failure, redacted, with a hint for TLS failures.
  const std::string& detail() const { return detail_; }

 private:
  std::string detail_;
};

}  // namespace box::http
