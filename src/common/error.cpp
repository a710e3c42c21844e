#include "common/error.h"

#include <cstring>

namespace box {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::input: return "input";
    case ErrorKind::auth: return "auth";
    case ErrorKind::network: return "network";
    case ErrorKind::service: return "service";
    case ErrorKind::local_io: return "local_io";
    case ErrorKind::environment: return "environment";
    case ErrorKind::internal: return "internal";
    case ErrorKind::cancelled: return "cancelled";
  }
  return "unknown";
}

Error::Error(ErrorKind kind, std::string message, bool retryable)
    : std::runtime_error(std::move(message)), kind_(kind), retryable_(retryable) {}

Error Error::with_context(const std::string& context) const {
  return Error(kind_, context + ": " + what(), retryable_);
}

Error system_error(const std::string& operation, const std::string& path, int errno_value) {
  return Error(ErrorKind::local_io, operation + " '" + path + "' failed: " + std::strerror(errno_value));
}

}  // namespace box
