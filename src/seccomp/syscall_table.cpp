// Per-ABI system call tables.
#include "seccomp/syscall_table.h"

#include <array>
#include <charconv>
#include <fstream>
#include <mutex>
#include <sstream>

#include "seccomp/abi_names.h"
#include "seccomp/data_dir.h"
#include "seccomp/errors.h"

namespace box::seccomp {

SyscallTable SyscallTable::parse(std::string_view text, const std::string& source) {
  SyscallTable table;
  std::istringstream lines{std::string(text)};
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;

    const auto tab = line.find('\t');
    int number = -1;
    const char* end = line.data() + (tab == std::string::npos ? line.size() : tab);
    const auto [parsed_end, error] = std::from_chars(line.data(), end, number);
    if (tab == std::string::npos || error != std::errc{} || parsed_end != end || number < 0 || tab + 1 >= line.size()) {
      throw DataError(source + ":" + std::to_string(line_number) + ": invalid line \"" + line +
                      "\", expected \"number<TAB>name\"");
    }
    std::string name = line.substr(tab + 1);
    table.by_name_.emplace(name, number);
    table.by_number_.emplace(number, std::move(name));
  }
  return table;
}

std::optional<std::string_view> SyscallTable::name(int number) const {
  const auto found = by_number_.find(number);
  if (found == by_number_.end()) return std::nullopt;
  return found->second;
}

std::optional<int> SyscallTable::number(std::string_view name) const {
  const auto found = by_name_.find(std::string(name));
  if (found == by_name_.end()) return std::nullopt;
  return found->second;
}

namespace {

SyscallTable load_table(Abi abi) {
  const auto path = data_dir() / "syscalls" / (std::string(abi_name(abi)) + ".tsv");
  std::ifstream file(path);
  if (!file) {
    throw DataError("syscall table " + path.string() + " not found; set BOXFIT_DATA_DIR to boxfit's data folder");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return SyscallTable::parse(text.str(), path.string());
}

}  // namespace

const SyscallTable& syscall_table(Abi abi) {
  static std::array<std::once_flag, kAllAbis.size()> loaded;
  static std::array<SyscallTable, kAllAbis.size()> tables;
  const auto index = static_cast<std::size_t>(abi);
  std::call_once(loaded[index], [&] { tables[index] = load_table(abi); });
  return tables[index];
}

}  // namespace box::seccomp
