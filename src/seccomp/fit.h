// Comparison of observed system calls with a resolved profile, and the profile changes that make a program fit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "seccomp/evaluate.h"
#include "seccomp/profile.h"
#include "seccomp/resolve.h"

namespace box::seccomp {

// One system call of a traced program, per ABI and number (boxfit trace JSON holds the same fields).
struct ObservedSyscall {
  Abi abi = Abi::x86_64;
  std::string name;
  int number = 0;
  std::uint64_t count = 0;
  std::vector<std::pair<SyscallArgs, std::uint64_t>> arg_sets;  // distinct argument tuples and their counts
  bool arg_sets_truncated = false;
};

struct ObservedProgram {
  std::vector<std::string> command;
  std::vector<ObservedSyscall> syscalls;
};

struct Denial {
  Abi abi = Abi::x86_64;
  std::string name;
  int number = 0;
  std::uint64_t count = 0;            // calls with this (ABI, number) and, when args is set, these arguments
  std::optional<SyscallArgs> args;    // set when the profile's rules test this call's arguments
  bool args_unknown = false;          // rules test arguments, but the trace recorded none
  Verdict verdict;
  // What glibc does instead when this call fails with ENOSYS (see glibc_enosys_fallbacks()). Set only when the
  // profile returns ENOSYS, so the program usually recovers from this denial.
  std::optional<std::string> glibc_fallback;
};

// Returns each observed call the profile would not allow, one entry per distinct argument tuple when rules test them.
// Sets glibc_fallback on ENOSYS denials of the calls in glibc_enosys_fallbacks().
std::vector<Denial> find_denials(const ResolvedProfile& resolved, const ObservedProgram& program);

// Returns data_dir()/seccomp/glibc-enosys-fallbacks.tsv: each system call that glibc replaces with another call or
// its own code when it fails with ENOSYS, mapped to what glibc does instead.
std::map<std::string, std::string> glibc_enosys_fallbacks();

struct ProfilePatch {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();  // Docker-format rules to append to syscalls
  // Names to take out of existing rules that deny them unconditionally (an allow rule cannot override those).
  std::vector<std::pair<std::size_t, std::string>> removals;
  std::vector<std::string> skipped;  // one line for each denial no rule can fix, for the report
};

// Builds the rules that allow every denied call. Calls whose arguments do not matter share one unconditional
// rule. The others get one rule per argument tuple, which tests the argument indexes the profile tests
// (SCMP_CMP_MASKED_EQ with the profile's mask, else SCMP_CMP_EQ). Rules for other architectures are ignored.
ProfilePatch build_patch(const Profile& profile, const ResolvedProfile& resolved, const std::vector<Denial>& denials);

// Returns the profile document with the patch applied.
nlohmann::ordered_json apply_patch(const Profile& profile, const ProfilePatch& patch);

// Returns a default-deny Docker-format profile that allows the observed calls and the runtime's startup calls.
nlohmann::ordered_json generate_profile(const ObservedProgram& program, const std::vector<std::string>& startup_names);

// Returns the names in data_dir()/seccomp/runtime-startup-syscalls.txt.
std::vector<std::string> runtime_startup_syscalls();

}  // namespace box::seccomp
