// Evaluation of one system call against a resolved profile: the action and errno the container would see, and why.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "seccomp/abi.h"
#include "seccomp/resolve.h"

namespace box::seccomp {

using SyscallArgs = std::array<std::uint64_t, 6>;

struct Verdict {
  Action action = Action::allow;
  int errno_value = 0;       // set when action is errno_ret
  std::string syscall;       // the name, or "syscall 1234" when the ABI's table has no name for the number
  std::string reason;        // one line, for reports
  std::optional<std::size_t> rule_index;  // the profile rule that decided; empty for the default action or the stub
  bool enosys_stub = false;  // decided by runc's ENOSYS stub
  bool arguments_decide = false;                // a rule for this call tests arguments
  std::vector<std::string> capabilities_to_add;  // each of these alone would let the call pass
  bool allowed() const { return action == Action::allow || action == Action::log; }
};

Verdict evaluate(const ResolvedProfile& resolved, Abi abi, int number, const SyscallArgs& args);

// Returns, per ABI, the system call numbers the profile allows whatever their arguments; a tracer lets these
// run without stopping.
std::map<Abi, std::set<int>> unconditionally_allowed(const ResolvedProfile& resolved);

// Returns whether any kept or dropped rule for this system call tests its arguments.
bool rules_test_arguments(const ResolvedProfile& resolved, const std::string& name);

// Returns "EPERM (1)" style text for an errno value.
std::string errno_text(int value);

}  // namespace box::seccomp
