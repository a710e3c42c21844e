// Errors raised by the tracer and by the trace file reader.
#pragma once

#include <stdexcept>
#include <string>

namespace box::trace {

class TraceError : public std::runtime_error {
 public:
  enum class Kind {
    ptrace_not_permitted,   // PTRACE_SEIZE failed: Yama, missing CAP_SYS_PTRACE, a seccomp filter
    seccomp_unavailable,    // the tracer's seccomp filter cannot be installed
    command_not_found,      // execve failed with ENOENT
    command_not_runnable,   // execve failed for another reason (EACCES, ENOEXEC...)
    invalid_trace_file,     // a trace JSON file is malformed or of an unknown version
    system,                 // an unexpected system call failure in the tracer itself
  };

  TraceError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace box::trace
