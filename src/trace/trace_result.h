// Per-ABI, per-syscall aggregates of one traced run (or of several merged runs), as the
// trace JSON stores them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seccomp/abi.h"

namespace box::trace {

using SyscallArgs = std::array<uint64_t, 6>;

// Maximum distinct argument tuples kept per syscall; further tuples set arg_sets_truncated.
inline constexpr std::size_t kMaxArgSets = 256;

struct SyscallStats {
  std::string name;
  int number = 0;
  uint64_t count = 0;
  std::map<std::string, uint64_t> errors;  // errno name -> calls that returned it
  std::map<SyscallArgs, uint64_t> arg_sets;  // only for argument-sensitive syscalls
  bool arg_sets_truncated = false;
};

using AbiStats = std::map<int, SyscallStats>;  // keyed by syscall number

struct TraceResult {
  std::vector<std::string> command;
  std::map<seccomp::Abi, AbiStats> abis;
  int exit_code = 0;          // 128 + signal when the command was killed by a signal
  std::optional<int> signal;  // the signal that killed the command
  bool errors_recorded = true;  // false when the tracer did not stop calls at their exit

  // Counts one call and returns its syscall's stats.
  SyscallStats& add_call(seccomp::Abi abi, int number);
  // Records the argument tuple of one call; the call must have been added first.
  void add_arg_set(seccomp::Abi abi, int number, const SyscallArgs& args);
  // Counts one failed call; the call must have been added first.
  void add_error(seccomp::Abi abi, int number, int errno_value);

  uint64_t total_calls() const;
  const SyscallStats* find(seccomp::Abi abi, std::string_view name) const;
};

// Adds the counts, errors and argument tuples of `from` into `into`. The command and exit
// status of `into` stay as they are; errors_recorded stays true only when both have it.
void merge(TraceResult& into, const TraceResult& from);

}  // namespace box::trace
