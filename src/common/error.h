// Error type shared by every library: a kind that decides retry and exit code,
// and context that callers add as the error travels up ("copying 'a.txt': ...").
#pragma once

#include <stdexcept>
#include <string>

namespace box {

// Category of a failure, which decides whether the scheduler retries and which exit code results.
enum class ErrorKind {
  usage,        // invalid command line or option value; nothing was started
  input,        // invalid local input: missing file, bad profile, unsafe name
  auth,         // credentials missing, rejected or expired
  network,      // connection failed or timed out before a full response
  service,      // the service returned an error status
  local_io,     // reading or writing local files failed
  environment,  // the machine lacks something: ptrace, seccomp, keyring
  internal,     // a bug: an invariant did not hold
  cancelled,    // stopped by SIGINT or SIGTERM (see common/cancel.h)
};

const char* to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, bool retryable = false);

  ErrorKind kind() const { return kind_; }
  // True when repeating the same request may succeed (timeouts, 503, 429...).
  bool retryable() const { return retryable_; }

  // Returns a copy whose message reads "context: original message".
  Error with_context(const std::string& context) const;

 private:
  ErrorKind kind_;
  bool retryable_;
};

// Builds an Error of kind local_io from errno, naming the path and the operation.
Error system_error(const std::string& operation, const std::string& path, int errno_value);

}  // namespace box
