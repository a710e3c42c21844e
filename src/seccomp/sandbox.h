// Running a program under a resolved profile with a real seccomp filter, reporting each call the profile denies.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "seccomp/evaluate.h"
#include "seccomp/resolve.h"

namespace box::seccomp {

// seccomp, user notification or pidfd_getfd is not available on this kernel, or the filter could not load.
class SandboxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DeniedCall {
  pid_t pid = 0;
  Abi abi = Abi::x86_64;
  int number = 0;
  SyscallArgs args{};
  Verdict verdict;
};

struct SandboxResult {
  int exit_code = 0;             // the program's exit status, or 128 + signal
  std::optional<int> signal;     // set when a signal ended the program
  std::vector<DeniedCall> denied;
};

// Runs the file `path` with `argv` (execv: the caller has searched PATH) with no_new_privs and a seccomp filter that allows what the profile allows unconditionally and sends
// every other call to this process (seccomp user notification). Each such call gets the verdict of evaluate().
// A denied call fails with the profile's errno and is passed to on_denied; kill actions end the process with
// SIGSYS. A call the profile allows continues.
SandboxResult run_under_profile(const ResolvedProfile& resolved, const std::string& path,
                                const std::vector<std::string>& argv,
                                const std::function<void(const DeniedCall&)>& on_denied);

}  // namespace box::seccomp
