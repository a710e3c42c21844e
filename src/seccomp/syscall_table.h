// Per-ABI system call tables (number <-> name), loaded from data/syscalls/<abi>.tsv.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "seccomp/abi.h"

namespace box::seccomp {

class SyscallTable {
 public:
  // Parses "number<TAB>name" lines; '#' starts a comment. Throws DataError naming the line on bad input.
  static SyscallTable parse(std::string_view text, const std::string& source);

  std::optional<std::string_view> name(int number) const;
  std::optional<int> number(std::string_view name) const;
  const std::map<int, std::string>& entries() const { return by_number_; }

 private:
  std::map<int, std::string> by_number_;
  std::unordered_map<std::string, int> by_name_;
};

// Returns the table for an ABI, read once from data_dir()/syscalls/<abi>.tsv. Throws DataError when it is missing.
const SyscallTable& syscall_table(Abi abi);

}  // namespace box::seccomp
