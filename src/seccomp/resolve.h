// Resolution of a Docker-format profile for one host: architecture, capabilities and kernel version,
// as the Docker engine does it before handing an OCI linux.seccomp object to runc.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "seccomp/abi.h"
#include "seccomp/capabilities.h"
#include "seccomp/kernel_version.h"
#include "seccomp/profile.h"

namespace box::seccomp {

struct ResolveOptions {
  Abi native_abi = Abi::x86_64;            // the host architecture the container runs on
  std::set<std::string> capabilities;      // the container's bounding set
  KernelVersion kernel{6, 1};              // the host kernel, compared with minKernel
};

// Reason a rule was left out of the resolved profile.
enum class DropReason { missing_capability, has_capability, arch_not_included, arch_excluded, kernel_too_old, kernel_new_enough };

// A profile rule as it reaches runc: one entry of OCI linux.seccomp.syscalls.
struct ResolvedRule {
  std::vector<std::string> names;
  Action action = Action::allow;
  std::optional<unsigned> errno_ret;
  std::vector<ArgCondition> args;
  std::size_t source_index = 0;  // index in the profile's syscalls array
};

struct DroppedRule {
  ResolvedRule rule;
  DropReason reason = DropReason::missing_capability;
  std::string detail;  // the capability, architecture or kernel version that decided
};

struct ResolvedProfile {
  std::string source;
  std::string path_prefix;  // "linux.seccomp." for OCI configs, for rule references in messages
  ResolveOptions options;
  Action default_action = Action::errno_ret;
  std::optional<unsigned> default_errno_ret;
  std::vector<std::string> architectures;  // SCMP_ARCH_* names, as in OCI linux.seccomp.architectures
  std::set<Abi> abis;                      // the architectures boxfit has syscall tables for
  std::vector<ResolvedRule> rules;
  std::vector<DroppedRule> dropped;
  // runc's ENOSYS stub: per ABI, the highest syscall number the resolved rules name. Calls above it get
  // ENOSYS instead of the default action. Absent when the default action allows (then runc adds no stub).
  std::map<Abi, int> enosys_above;
};

// Resolves a profile. Throws ProfileError when the native ABI cannot host containers (x32).
ResolvedProfile resolve(const Profile& profile, const ResolveOptions& options);

// Returns the resolved profile as an OCI linux.seccomp object.
nlohmann::ordered_json to_oci_json(const ResolvedProfile& resolved);

// Returns the errno a rule or the default action returns: errnoRet when set, else EPERM (runc's default).
int effective_errno(const std::optional<unsigned>& errno_ret);

// Returns "syscalls[12]" (or "linux.seccomp.syscalls[12]") for messages.
std::string rule_reference(const ResolvedProfile& resolved, std::size_t source_index);

}  // namespace box::seccomp
