// Resolution of a Docker-format profile for one host.
//
// Follows setupSeccomp in github.com/moby/profiles seccomp/seccomp_linux.go, which containers/common
// pkg/seccomp copies for Podman. It takes the archMap entry of the native architecture with its
// sub-architectures. Then it drops each rule whose excludes match or whose includes do not, checking arches,
// caps (against the bounding set) and minKernel in that order. runc's ENOSYS stub follows findLastSyscalls
// and generatePatch in opencontainers/runc libcontainer/seccomp/patchbpf/enosys_linux.go.
#include "seccomp/resolve.h"

#include <algorithm>
#include <cerrno>
#include <utility>

#include "seccomp/abi_names.h"
#include "seccomp/errors.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::optional<std::pair<DropReason, std::string>> drop_reason(const Rule& rule, const std::string& arch,
                                                              const ResolveOptions& options) {
  const auto& excludes = rule.excludes;
  if (contains(excludes.arches, arch)) return std::pair{DropReason::arch_excluded, arch};
  for (const auto& cap : excludes.caps) {
    if (options.capabilities.contains(cap)) return std::pair{DropReason::has_capability, cap};
  }
  if (excludes.min_kernel && options.kernel >= *excludes.min_kernel) {
    return std::pair{DropReason::kernel_new_enough, excludes.min_kernel->to_string()};
  }

  const auto& includes = rule.includes;
  if (!includes.arches.empty() && !contains(includes.arches, arch)) {
    std::string listed;
    for (const auto& name : includes.arches) listed += (listed.empty() ? "" : ", ") + name;
    return std::pair{DropReason::arch_not_included, listed};
  }
  for (const auto& cap : includes.caps) {
    if (!options.capabilities.contains(cap)) return std::pair{DropReason::missing_capability, cap};
  }
  if (includes.min_kernel && options.kernel < *includes.min_kernel) {
    return std::pair{DropReason::kernel_too_old, includes.min_kernel->to_string()};
  }
  return std::nullopt;
}

void resolve_architectures(const Profile& profile, ResolvedProfile& resolved) {
  resolved.architectures = profile.architectures;
  const auto native = scmp_arch_name(resolved.options.native_abi);
  for (const auto& entry : profile.arch_map) {
    if (entry.arch != native) continue;
    resolved.architectures.push_back(entry.arch);
    resolved.architectures.insert(resolved.architectures.end(), entry.sub_arches.begin(), entry.sub_arches.end());
    break;
  }
  for (const auto& name : resolved.architectures) {
    if (auto abi = abi_from_scmp_arch(name)) resolved.abis.insert(*abi);
  }
  // With no architectures, libseccomp filters the native architecture only.
  if (resolved.architectures.empty()) resolved.abis.insert(resolved.options.native_abi);
}

// runc treats SCMP_ACT_ALLOW, SCMP_ACT_LOG and SCMP_ACT_TRACE as permissive and adds no stub for them.
bool is_permissive(Action action) { return action == Action::allow || action == Action::log || action == Action::trace; }

// NOTE: runc gets the numbers from its libseccomp, and skips names that libseccomp does not know. boxfit uses
// its own tables (Linux 6.1 headers), so the limit is lower than runc's when runc's libseccomp knows newer
// system calls that the profile names, such as fchmodat2 or mseal.
void compute_enosys_stub(ResolvedProfile& resolved) {
  if (is_permissive(resolved.default_action)) return;
  for (Abi abi : resolved.abis) {
    const auto& table = syscall_table(abi);
    int highest = -1;
    for (const auto& rule : resolved.rules) {
      for (const auto& name : rule.names) {
        if (auto number = table.number(name)) highest = std::max(highest, *number);
      }
    }
    if (highest > 0) resolved.enosys_above[abi] = highest;
  }
}

}  // namespace

ResolvedProfile resolve(const Profile& profile, const ResolveOptions& options) {
  if (options.native_abi == Abi::x32) {
    throw ProfileError("--arch", "x32 is not a host architecture; use x86_64, whose profiles cover x32 programs");
  }
  ResolvedProfile resolved;
  resolved.source = profile.source;
  resolved.path_prefix = profile.path_prefix;
  resolved.options = options;
  resolved.default_action = profile.default_action;
  resolved.default_errno_ret = profile.default_errno_ret;
  resolve_architectures(profile, resolved);

  const std::string arch{docker_arch_name(options.native_abi)};
  for (std::size_t i = 0; i < profile.syscalls.size(); ++i) {
    const Rule& rule = profile.syscalls[i];
    ResolvedRule kept{rule.names, rule.action, rule.errno_ret, rule.args, i};
    if (auto reason = drop_reason(rule, arch, options)) {
      resolved.dropped.push_back({std::move(kept), reason->first, reason->second});
    } else {
      resolved.rules.push_back(std::move(kept));
    }
  }
  compute_enosys_stub(resolved);
  return resolved;
}

nlohmann::ordered_json to_oci_json(const ResolvedProfile& resolved) {
  nlohmann::ordered_json out;
  out["defaultAction"] = action_name(resolved.default_action);
  if (resolved.default_errno_ret) out["defaultErrnoRet"] = *resolved.default_errno_ret;
  out["architectures"] = resolved.architectures;
  auto& syscalls = out["syscalls"] = nlohmann::ordered_json::array();
  for (const auto& rule : resolved.rules) {
    nlohmann::ordered_json entry;
    entry["names"] = rule.names;
    entry["action"] = action_name(rule.action);
    if (rule.errno_ret) entry["errnoRet"] = *rule.errno_ret;
    if (!rule.args.empty()) {
      auto& args = entry["args"] = nlohmann::ordered_json::array();
      for (const auto& arg : rule.args) {
        args.push_back({{"index", arg.index}, {"value", arg.value}, {"valueTwo", arg.value_two}, {"op", op_name(arg.op)}});
      }
    }
    syscalls.push_back(std::move(entry));
  }
  return out;
}

int effective_errno(const std::optional<unsigned>& errno_ret) { return errno_ret ? static_cast<int>(*errno_ret) : EPERM; }

std::string rule_reference(const ResolvedProfile& resolved, std::size_t source_index) {
  return resolved.path_prefix + "syscalls[" + std::to_string(source_index) + "]";
}

}  // namespace box::seccomp
