// System calls observed in a program, read from boxfit trace JSON (format "boxfit-trace", version 1).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "seccomp/abi.h"
#include "seccomp/evaluate.h"

namespace box::seccomp {

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

// Parses trace JSON. Throws ProfileError naming the JSON path of the first problem.
ObservedProgram parse_trace(std::string_view text);
ObservedProgram read_trace_file(const std::string& path);

// Adds the calls of `more` to `into`, summing counts and merging argument tuples of the same (ABI, number).
void merge_observed(ObservedProgram& into, const ObservedProgram& more);

}  // namespace box::seccomp
