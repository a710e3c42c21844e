// Seccomp profiles in Docker's format (archMap, includes, excludes) and in the OCI linux.seccomp format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "seccomp/kernel_version.h"

namespace box::seccomp {

// Seccomp actions, ordered from most to least restrictive as the kernel ranks them when filters disagree.
enum class Action { kill_process, kill_thread, trap, errno_ret, user_notif, trace, log, allow };

enum class CompareOp { ne, lt, le, eq, ge, gt, masked_eq };

struct ArgCondition {
  unsigned index = 0;
  std::uint64_t value = 0;
  std::uint64_t value_two = 0;
  CompareOp op = CompareOp::eq;
};

// The includes or excludes block of a Docker-format rule.
struct RuleFilter {
  std::vector<std::string> caps;
  std::vector<std::string> arches;
  std::optional<KernelVersion> min_kernel;
  bool empty() const { return caps.empty() && arches.empty() && !min_kernel; }
};

struct Rule {
  std::vector<std::string> names;
  Action action = Action::allow;
  std::optional<unsigned> errno_ret;
  std::vector<ArgCondition> args;
  RuleFilter includes;
  RuleFilter excludes;
};

struct ArchMapEntry {
  std::string arch;
  std::vector<std::string> sub_arches;
};

struct Profile {
  std::string source;  // built-in name or file path, for messages
  Action default_action = Action::errno_ret;
  std::optional<unsigned> default_errno_ret;
  std::vector<std::string> architectures;
  std::vector<ArchMapEntry> arch_map;
  std::vector<Rule> syscalls;
  // The document as read, kept so that `patch` can add rules without reordering or dropping fields.
  nlohmann::ordered_json document;
  // JSON pointer to the seccomp object inside document: "" for a profile, "/linux/seccomp" for an OCI config.
  std::string seccomp_pointer;
  // "linux.seccomp." for an OCI config, "" otherwise; prefixes the JSON paths in messages.
  std::string path_prefix;
};

// Parses a profile. Throws ProfileError naming the JSON path of the first problem.
Profile parse_profile(std::string_view text, const std::string& source);

std::string_view action_name(Action action);
std::optional<Action> parse_action(std::string_view name);
std::string_view op_name(CompareOp op);
std::optional<CompareOp> parse_op(std::string_view name);

// Returns whether an argument value satisfies a condition, with libseccomp's semantics
// (MASKED_EQ: (arg & value) == valueTwo; the others compare arg with value as unsigned 64-bit).
bool condition_holds(const ArgCondition& condition, std::uint64_t argument);

}  // namespace box::seccomp
