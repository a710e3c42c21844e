#include "trace/summary_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "seccomp/abi_names.h"

namespace box::trace {
namespace {

// Formats one table row without trailing spaces.
std::string format_row(const std::string& calls, const std::string& errors, const std::string& name,
                       const std::string& breakdown) {
  std::string row = fmt::format("{:>9} {:>9}  {:<20} {}", calls, errors, name, breakdown);
  row.erase(row.find_last_not_of(' ') + 1);
  return row + '\n';
}

std::string count_text(uint64_t count) { return count == 0 ? std::string() : std::to_string(count); }

uint64_t error_count(const SyscallStats& stats) {
  uint64_t total = 0;
  for (const auto& [name, count] : stats.errors) {
    total += count;
  }
  return total;
}

std::string errno_breakdown(const SyscallStats& stats) {
  std::string text;
  for (const auto& [name, count] : stats.errors) {
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", name, count);
  }
  return text;
}

// Without recorded errors the errors columns would read as "no call failed", so they go.
std::string format_calls_row(const std::string& calls, const std::string& name) {
  return fmt::format("{:>9}  {}\n", calls, name);
}

std::string format_calls_table(const std::vector<const SyscallStats*>& rows) {
  const std::string rule = format_calls_row(std::string(9, '-'), std::string(20, '-'));
  std::string table = format_calls_row("calls", "syscall") + rule;
  uint64_t total_calls = 0;
  for (const SyscallStats* stats : rows) {
    total_calls += stats->count;
    table += format_calls_row(std::to_string(stats->count), stats->name);
  }
  return table + rule + format_calls_row(std::to_string(total_calls), "total");
}

std::string format_abi_table(seccomp::Abi abi, const AbiStats& abi_stats, bool errors_recorded) {
  std::vector<const SyscallStats*> rows;
  for (const auto& [number, stats] : abi_stats) {
    rows.push_back(&stats);
  }
  std::sort(rows.begin(), rows.end(), [](const SyscallStats* left, const SyscallStats* right) {
    return left->count != right->count ? left->count > right->count : left->name < right->name;
  });

  std::string table = fmt::format("ABI {}\n", abi_name(abi));
  if (!errors_recorded) {
    return table + format_calls_table(rows);
  }
  table += format_row("calls", "errors", "syscall", "errors by errno");
  const std::string rule = format_row(std::string(9, '-'), std::string(9, '-'), std::string(20, '-'),
                                      std::string(15, '-'));
  table += rule;
  uint64_t total_calls = 0;
  uint64_t total_errors = 0;
  for (const SyscallStats* stats : rows) {
    const uint64_t errors = error_count(*stats);
    total_calls += stats->count;
    total_errors += errors;
    table += format_row(std::to_string(stats->count), count_text(errors), stats->name, errno_breakdown(*stats));
  }
  table += rule;
  table += format_row(std::to_string(total_calls), count_text(total_errors), "total", "");
  return table;
}

}  // namespace

std::string format_summary_table(const TraceResult& result) {
  std::string text;
  for (const auto& [abi, abi_stats] : result.abis) {
    if (!text.empty()) {
      text += '\n';
    }
    text += format_abi_table(abi, abi_stats, result.errors_recorded);
  }
  if (text.empty()) {
    text = "no syscalls recorded\n";
  } else if (!result.errors_recorded) {
    text += "errors not recorded: trace with --errors to count failed calls by errno\n";
  }
  return text;
}

}  // namespace box::trace
