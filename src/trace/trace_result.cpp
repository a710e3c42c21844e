#include "trace/trace_result.h"

#include "trace/names.h"

namespace box::trace {
namespace {

void count_arg_set(SyscallStats& stats, const SyscallArgs& args, uint64_t count) {
  auto found = stats.arg_sets.find(args);
  if (found != stats.arg_sets.end()) {
    found->second += count;
  } else if (stats.arg_sets.size() < kMaxArgSets) {
    stats.arg_sets.emplace(args, count);
  } else {
    stats.arg_sets_truncated = true;
  }
}

SyscallStats& stats_for(TraceResult& result, seccomp::Abi abi, int number) {
  AbiStats& abi_stats = result.abis[abi];
  auto found = abi_stats.find(number);
  if (found != abi_stats.end()) {
    return found->second;
  }
  SyscallStats& stats = abi_stats[number];
  stats.name = syscall_name(abi, number);
  stats.number = number;
  return stats;
}

}  // namespace

SyscallStats& TraceResult::add_call(seccomp::Abi abi, int number) {
  SyscallStats& stats = stats_for(*this, abi, number);
  ++stats.count;
  return stats;
}

void TraceResult::add_arg_set(seccomp::Abi abi, int number, const SyscallArgs& args) {
  count_arg_set(stats_for(*this, abi, number), args, 1);
}

void TraceResult::add_error(seccomp::Abi abi, int number, int errno_value) {
  ++stats_for(*this, abi, number).errors[errno_name(errno_value)];
}

uint64_t TraceResult::total_calls() const {
  uint64_t total = 0;
  for (const auto& [abi, abi_stats] : abis) {
    for (const auto& [number, stats] : abi_stats) {
      total += stats.count;
    }
  }
  return total;
}

const SyscallStats* TraceResult::find(seccomp::Abi abi, std::string_view name) const {
  auto abi_found = abis.find(abi);
  if (abi_found == abis.end()) {
    return nullptr;
  }
  for (const auto& [number, stats] : abi_found->second) {
    if (stats.name == name) {
      return &stats;
    }
  }
  return nullptr;
}

void merge(TraceResult& into, const TraceResult& from) {
  into.errors_recorded = into.errors_recorded && from.errors_recorded;
  for (const auto& [abi, abi_stats] : from.abis) {
    for (const auto& [number, source] : abi_stats) {
      auto [position, inserted] = into.abis[abi].try_emplace(number);
      SyscallStats& target = position->second;
      if (inserted) {
        target.name = source.name;
        target.number = number;
      }
      target.count += source.count;
      for (const auto& [name, count] : source.errors) {
        target.errors[name] += count;
      }
      for (const auto& [args, count] : source.arg_sets) {
        count_arg_set(target, args, count);
      }
      target.arg_sets_truncated = target.arg_sets_truncated || source.arg_sets_truncated;
    }
  }
}

}  // namespace box::trace
