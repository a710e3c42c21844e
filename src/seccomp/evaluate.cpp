// Evaluation of one system call against a resolved profile.
//
// Rule semantics follow runc's matchCall (libcontainer/seccomp/seccomp_linux.go). A rule whose action equals
// the default action is skipped. When two conditions of a rule test the same argument, each condition becomes
// a rule of its own, so they are ORed; otherwise all conditions must hold.
#include "seccomp/evaluate.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "seccomp/abi_names.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

// The condition sets of a rule, any of which makes it match (runc's splitting of repeated argument indexes).
std::vector<std::vector<ArgCondition>> alternatives(const std::vector<ArgCondition>& args) {
  std::array<int, 6> per_index{};
  bool repeated = false;
  for (const auto& arg : args) repeated = repeated || ++per_index[arg.index] > 1;
  if (!repeated) return {args};
  std::vector<std::vector<ArgCondition>> split;
  for (const auto& arg : args) split.push_back({arg});
  return split;
}

std::string hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, value < 10 ? "%llu" : "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string describe(const ArgCondition& condition) {
  const std::string arg = "arg" + std::to_string(condition.index);
  switch (condition.op) {
    case CompareOp::ne: return arg + " != " + hex(condition.value);
    case CompareOp::lt: return arg + " < " + hex(condition.value);
    case CompareOp::le: return arg + " <= " + hex(condition.value);
    case CompareOp::eq: return arg + " == " + hex(condition.value);
    case CompareOp::ge: return arg + " >= " + hex(condition.value);
    case CompareOp::gt: return arg + " > " + hex(condition.value);
    case CompareOp::masked_eq: return arg + " & " + hex(condition.value) + " == " + hex(condition.value_two);
  }
  return arg;
}

// Returns the first condition of the alternative that fails, or nullptr when all hold.
const ArgCondition* first_failure(const std::vector<ArgCondition>& conditions, const SyscallArgs& args) {
  for (const auto& condition : conditions) {
    if (!condition_holds(condition, args[condition.index])) return &condition;
  }
  return nullptr;
}

bool matches(const std::vector<ArgCondition>& args, const SyscallArgs& values) {
  for (const auto& conditions : alternatives(args)) {
    if (first_failure(conditions, values) == nullptr) return true;
  }
  return false;
}

bool names(const ResolvedRule& rule, const std::string& name) {
  for (const auto& candidate : rule.names) {
    if (candidate == name) return true;
  }
  return false;
}

bool same_as_default(const ResolvedProfile& resolved, const ResolvedRule& rule) {
  if (rule.action != resolved.default_action) return false;
  if (rule.action != Action::errno_ret && rule.action != Action::trace) return true;
  return effective_errno(rule.errno_ret) == effective_errno(resolved.default_errno_ret);
}

void set_action(Verdict& verdict, Action action, const std::optional<unsigned>& errno_ret) {
  verdict.action = action;
  verdict.errno_value = action == Action::errno_ret ? effective_errno(errno_ret) : 0;
}

std::string action_text(const Verdict& verdict) {
  if (verdict.action == Action::errno_ret) return "errno " + errno_text(verdict.errno_value);
  return std::string(action_name(verdict.action));
}

// Picks the deciding rule: an unconditional match before a conditional one, and among those the most
// restrictive action. NOTE: libseccomp orders conflicting conditional rules by its own decision tree, which
// this model does not rebuild. Taking the most restrictive action gives podman's socket(AF_VSOCK) the EPERM
// that the rule was written for, although a broader allow rule also matches.
const ResolvedRule* pick_rule(const ResolvedProfile& resolved, const std::string& name, const SyscallArgs& args) {
  const ResolvedRule* best = nullptr;
  bool best_unconditional = false;
  for (const auto& rule : resolved.rules) {
    if (!names(rule, name) || same_as_default(resolved, rule) || !matches(rule.args, args)) continue;
    const bool unconditional = rule.args.empty();
    const bool better = best == nullptr || (unconditional && !best_unconditional) ||
                        (unconditional == best_unconditional && rule.action < best->action);
    if (better) {
      best = &rule;
      best_unconditional = unconditional;
    }
  }
  return best;
}

std::string unmet_conditions(const ResolvedProfile& resolved, const std::string& name, const SyscallArgs& args) {
  std::string text;
  for (const auto& rule : resolved.rules) {
    if (!names(rule, name) || rule.args.empty() || rule.action != Action::allow) continue;
    for (const auto& conditions : alternatives(rule.args)) {
      const ArgCondition* failed = first_failure(conditions, args);
      if (failed == nullptr) continue;
      text += (text.empty() ? "" : "; ") + rule_reference(resolved, rule.source_index) + " allows it only when " +
              describe(*failed) + ", but arg" + std::to_string(failed->index) + " is " + hex(args[failed->index]);
    }
  }
  return text;
}

// Explains the allow rules that resolution dropped for this call, and adds the capabilities that would keep them
// to verdict.capabilities_to_add.
std::string dropped_allows(const ResolvedProfile& resolved, const std::string& name, const SyscallArgs& args,
                           Verdict& verdict) {
  std::string text;
  for (const auto& dropped : resolved.dropped) {
    const auto& rule = dropped.rule;
    if (!names(rule, name) || rule.action != Action::allow || !matches(rule.args, args)) continue;
    const std::string where = rule_reference(resolved, rule.source_index);
    std::string line;
    switch (dropped.reason) {
      case DropReason::missing_capability:
        line = "the rule " + where + " that allows it needs " + dropped.detail + ", which the container lacks";
        verdict.capabilities_to_add.push_back(dropped.detail);
        break;
      case DropReason::kernel_too_old:
        line = where + " allows it only on kernel " + dropped.detail + " or newer (evaluated for " +
               resolved.options.kernel.to_string() + ")";
        break;
      default:
        continue;
    }
    text += (text.empty() ? "" : "; ") + line;
  }
  return text;
}

void explain_default(const ResolvedProfile& resolved, const std::string& name, const SyscallArgs& args, Verdict& verdict) {
  std::string why = unmet_conditions(resolved, name, args);
  const std::string dropped = dropped_allows(resolved, name, args, verdict);
  if (!dropped.empty()) why += (why.empty() ? "" : "; ") + dropped;
  if (why.empty()) why = "no rule names " + name;
  verdict.reason = why + ", so the default action applies (" + action_text(verdict) + ")";

  std::string options;
  for (const auto& capability : verdict.capabilities_to_add) {
    options += (options.empty() ? "" : " or ") + std::string("--cap-add ") + capability;
  }
  if (!options.empty()) verdict.reason += "; add " + options + " to allow it";
}

}  // namespace

std::string errno_text(int value) {
  const char* name = strerrorname_np(value);
  return std::string(name != nullptr ? name : "E?") + " (" + std::to_string(value) + ")";
}

bool rules_test_arguments(const ResolvedProfile& resolved, const std::string& name) {
  for (const auto& rule : resolved.rules) {
    if (names(rule, name) && !rule.args.empty()) return true;
  }
  for (const auto& dropped : resolved.dropped) {
    if (names(dropped.rule, name) && !dropped.rule.args.empty()) return true;
  }
  return false;
}

Verdict evaluate(const ResolvedProfile& resolved, Abi abi, int number, const SyscallArgs& args) {
  Verdict verdict;
  const auto table_name = syscall_table(abi).name(number);
  verdict.syscall = table_name ? std::string(*table_name) : "syscall " + std::to_string(number);

  if (!resolved.abis.contains(abi)) {
    verdict.action = Action::kill_thread;
    verdict.reason = "the profile does not list the " + std::string(abi_name(abi)) +
                     " architecture, so libseccomp's bad-architecture action kills the thread";
    return verdict;
  }
  if (const auto stub = resolved.enosys_above.find(abi); stub != resolved.enosys_above.end() && number > stub->second) {
    verdict.action = Action::errno_ret;
    verdict.errno_value = ENOSYS;
    verdict.enosys_stub = true;
    verdict.reason = "runc returns ENOSYS for " + std::string(abi_name(abi)) + " system call numbers above " +
                     std::to_string(stub->second) + " (" + std::string(*syscall_table(abi).name(stub->second)) +
                     "), the highest the resolved profile names";
    return verdict;
  }

  set_action(verdict, resolved.default_action, resolved.default_errno_ret);
  if (!table_name) {
    verdict.reason = "number " + std::to_string(number) + " is not in boxfit's " + std::string(abi_name(abi)) +
                     " table, so the default action applies (" + action_text(verdict) + ")";
    return verdict;
  }
  verdict.arguments_decide = rules_test_arguments(resolved, verdict.syscall);

  if (const ResolvedRule* rule = pick_rule(resolved, verdict.syscall, args)) {
    set_action(verdict, rule->action, rule->errno_ret);
    verdict.rule_index = rule->source_index;
    const std::string where = rule_reference(resolved, rule->source_index);
    verdict.reason = verdict.allowed() ? "allowed by " + where : where + " returns " + action_text(verdict);
    return verdict;
  }
  explain_default(resolved, verdict.syscall, args, verdict);
  return verdict;
}

std::map<Abi, std::set<int>> unconditionally_allowed(const ResolvedProfile& resolved) {
  std::map<Abi, std::set<int>> result;
  for (Abi abi : resolved.abis) {
    const auto& table = syscall_table(abi);
    auto& numbers = result[abi];
    for (const auto& rule : resolved.rules) {
      if (rule.action != Action::allow || !rule.args.empty()) continue;
      for (const auto& name : rule.names) {
        auto number = table.number(name);
        if (!number) continue;
        // Unconditional rules win over conditional ones, so only another unconditional rule can override this one.
        const Verdict verdict = evaluate(resolved, abi, *number, SyscallArgs{});
        if (verdict.allowed()) numbers.insert(*number);
      }
    }
  }
  return result;
}

}  // namespace box::seccomp
