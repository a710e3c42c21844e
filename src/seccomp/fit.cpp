// Comparison of observed system calls with a resolved profile, and the profile changes that make a program fit.
#include "seccomp/fit.h"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <set>

#include "seccomp/abi_names.h"
#include "seccomp/data_dir.h"
#include "seccomp/errors.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

using Json = nlohmann::ordered_json;

Denial make_denial(const ObservedSyscall& call, std::uint64_t count, std::optional<SyscallArgs> args, Verdict verdict) {
  Denial denial;
  denial.abi = call.abi;
  denial.name = verdict.syscall;
  denial.number = call.number;
  denial.count = count;
  denial.args = args;
  denial.verdict = std::move(verdict);
  return denial;
}

void add_tested_indexes(const ResolvedRule& rule, const std::string& name, std::map<unsigned, std::uint64_t>& indexes) {
  if (std::find(rule.names.begin(), rule.names.end(), name) == rule.names.end()) return;
  for (const auto& arg : rule.args) {
    auto& mask = indexes[arg.index];
    if (arg.op == CompareOp::masked_eq) mask = arg.value;
  }
}

// For each argument index that the host's rules for `name` test, the mask of a MASKED_EQ test (0 when none).
std::map<unsigned, std::uint64_t> tested_indexes(const ResolvedProfile& resolved, const std::string& name) {
  std::map<unsigned, std::uint64_t> indexes;
  for (const auto& rule : resolved.rules) add_tested_indexes(rule, name, indexes);
  for (const auto& dropped : resolved.dropped) {
    const bool other_arch = dropped.reason == DropReason::arch_excluded || dropped.reason == DropReason::arch_not_included;
    if (!other_arch) add_tested_indexes(dropped.rule, name, indexes);
  }
  return indexes;
}

Json argument_rule(const ResolvedProfile& resolved, const Denial& denial) {
  Json args = Json::array();
  for (const auto& [index, mask] : tested_indexes(resolved, denial.name)) {
    const std::uint64_t value = (*denial.args)[index];
    if (mask != 0) {
      args.push_back({{"index", index}, {"value", mask}, {"valueTwo", value & mask}, {"op", "SCMP_CMP_MASKED_EQ"}});
    } else {
      args.push_back({{"index", index}, {"value", value}, {"op", "SCMP_CMP_EQ"}});
    }
  }
  return Json{{"names", {denial.name}}, {"action", "SCMP_ACT_ALLOW"}, {"args", args}};
}

}  // namespace

std::vector<Denial> find_denials(const ResolvedProfile& resolved, const ObservedProgram& program) {
  std::vector<Denial> denials;
  for (const auto& call : program.syscalls) {
    Verdict plain = evaluate(resolved, call.abi, call.number, SyscallArgs{});
    if (!plain.arguments_decide || plain.enosys_stub) {
      if (!plain.allowed()) denials.push_back(make_denial(call, call.count, std::nullopt, std::move(plain)));
      continue;
    }
    if (call.arg_sets.empty()) {
      Denial denial = make_denial(call, call.count, std::nullopt, std::move(plain));
      denial.args_unknown = true;
      denial.verdict.reason = "rules for " + denial.name +
                              " test its arguments, but the trace recorded none; trace again with this profile";
      denials.push_back(std::move(denial));
      continue;
    }
    for (const auto& [args, count] : call.arg_sets) {
      Verdict verdict = evaluate(resolved, call.abi, call.number, args);
      if (!verdict.allowed()) denials.push_back(make_denial(call, count, args, std::move(verdict)));
    }
  }

  const auto fallbacks = glibc_enosys_fallbacks();
  for (auto& denial : denials) {
    const auto fallback = fallbacks.find(denial.name);
    const bool enosys = denial.verdict.action == Action::errno_ret && denial.verdict.errno_value == ENOSYS;
    if (enosys && fallback != fallbacks.end()) denial.glibc_fallback = fallback->second;
  }
  return denials;
}

std::map<std::string, std::string> glibc_enosys_fallbacks() {
  const auto path = data_dir() / "seccomp" / "glibc-enosys-fallbacks.tsv";
  std::ifstream file(path);
  if (!file) throw DataError("data file " + path.string() + " not found; set BOXFIT_DATA_DIR to boxfit's data folder");
  std::map<std::string, std::string> fallbacks;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) throw DataError("data file " + path.string() + ": line \"" + line + "\" has no tab");
    fallbacks[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return fallbacks;
}

ProfilePatch build_patch(const Profile& profile, const ResolvedProfile& resolved, const std::vector<Denial>& denials) {
  ProfilePatch patch;
  std::set<std::string> unconditional;
  for (const auto& denial : denials) {
    if (denial.name.rfind("syscall ", 0) == 0) {
      patch.skipped.push_back(denial.name + " (" + std::string(abi_name(denial.abi)) +
                              "): no name in boxfit's table, so no rule can name it");
      continue;
    }
    if (denial.args_unknown) {
      patch.skipped.push_back(denial.name + ": " + denial.verdict.reason);
      continue;
    }
    if (denial.verdict.rule_index && profile.syscalls[*denial.verdict.rule_index].args.empty()) {
      patch.removals.emplace_back(*denial.verdict.rule_index, denial.name);
    }
    if (!denial.args) {
      unconditional.insert(denial.name);
      continue;
    }
    Json rule = argument_rule(resolved, denial);
    if (std::find(patch.rules.begin(), patch.rules.end(), rule) == patch.rules.end()) patch.rules.push_back(rule);
  }
  if (!unconditional.empty()) {
    Json rule{{"names", Json(std::vector<std::string>(unconditional.begin(), unconditional.end()))},
              {"action", "SCMP_ACT_ALLOW"},
              {"args", Json::array()}};
    patch.rules.insert(patch.rules.begin(), rule);
  }
  std::sort(patch.removals.begin(), patch.removals.end());
  patch.removals.erase(std::unique(patch.removals.begin(), patch.removals.end()), patch.removals.end());
  return patch;
}

Json apply_patch(const Profile& profile, const ProfilePatch& patch) {
  Json document = profile.document;
  Json& seccomp = profile.seccomp_pointer.empty() ? document : document[Json::json_pointer(profile.seccomp_pointer)];
  Json& syscalls = seccomp["syscalls"];
  if (!syscalls.is_array()) syscalls = Json::array();

  for (const auto& [index, name] : patch.removals) {
    Json& rule = syscalls[index];
    if (rule.contains("name") && rule["name"] == name) rule.erase("name");
    if (rule.contains("names")) {
      Json kept = Json::array();
      for (const auto& candidate : rule["names"]) {
        if (candidate != name) kept.push_back(candidate);
      }
      rule["names"] = kept;
    }
  }
  // Rules left without names are dropped; removing them after the loop keeps the indexes above valid.
  Json cleaned = Json::array();
  for (auto& rule : syscalls) {
    const bool named = (rule.contains("names") && !rule["names"].empty()) || rule.contains("name");
    if (named) cleaned.push_back(std::move(rule));
  }
  for (const auto& rule : patch.rules) cleaned.push_back(rule);
  syscalls = std::move(cleaned);
  return document;
}

Json generate_profile(const ObservedProgram& program, const std::vector<std::string>& startup_names) {
  std::set<std::string> names(startup_names.begin(), startup_names.end());
  for (const auto& call : program.syscalls) {
    if (call.name.rfind("syscall ", 0) != 0) names.insert(call.name);
  }
  Json profile;
  profile["defaultAction"] = "SCMP_ACT_ERRNO";
  profile["defaultErrnoRet"] = 1;
  profile["archMap"] = Json::array({
      {{"architecture", "SCMP_ARCH_X86_64"}, {"subArchitectures", {"SCMP_ARCH_X86", "SCMP_ARCH_X32"}}},
      {{"architecture", "SCMP_ARCH_AARCH64"}, {"subArchitectures", {"SCMP_ARCH_ARM"}}},
  });
  profile["syscalls"] = Json::array({{{"names", Json(std::vector<std::string>(names.begin(), names.end()))},
                                      {"action", "SCMP_ACT_ALLOW"},
                                      {"args", Json::array()}}});
  return profile;
}

std::vector<std::string> runtime_startup_syscalls() {
  const auto path = data_dir() / "seccomp" / "runtime-startup-syscalls.txt";
  std::ifstream file(path);
  if (!file) throw DataError("data file " + path.string() + " not found; set BOXFIT_DATA_DIR to boxfit's data folder");
  std::vector<std::string> names;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.front() != '#') names.push_back(line);
  }
  return names;
}

}  // namespace box::seccomp
