// Linux capability names and the default capability sets of container runtimes.
#include "seccomp/capabilities.h"

#include <algorithm>
#include <cctype>

#include "seccomp/errors.h"

namespace box::seccomp {

std::string_view runtime_name(Runtime runtime) {
  switch (runtime) {
    case Runtime::docker: return "docker";
    case Runtime::podman: return "podman";
    case Runtime::containerd: return "containerd";
  }
  return "unknown";
}

std::optional<Runtime> parse_runtime(std::string_view name) {
  for (Runtime runtime : {Runtime::docker, Runtime::podman, Runtime::containerd}) {
    if (runtime_name(runtime) == name) return runtime;
  }
  return std::nullopt;
}

const std::vector<std::string>& all_capabilities() {
  // Order of <linux/capability.h>: CAP_CHOWN is 0, CAP_CHECKPOINT_RESTORE is 40.
  static const std::vector<std::string> names = {
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
      "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
      "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
      "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
      "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
      "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};
  return names;
}

std::optional<std::string> normalize_capability(std::string_view name) {
  std::string upper;
  for (char c : name) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper == "ALL") return upper;
  if (upper.rfind("CAP_", 0) != 0) upper = "CAP_" + upper;
  const auto& names = all_capabilities();
  if (std::find(names.begin(), names.end(), upper) == names.end()) return std::nullopt;
  return upper;
}

std::set<std::string> default_capabilities(Runtime runtime) {
  switch (runtime) {
    case Runtime::docker:
    case Runtime::containerd:
      // moby oci/caps DefaultCapabilities and containerd oci.defaultUnixCaps are the same 14 capabilities.
      return {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
              "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
              "CAP_AUDIT_WRITE"};
    case Runtime::podman:
      // containers.conf default_capabilities since Podman 4.0: Docker's set without CAP_MKNOD,
      // CAP_NET_RAW and CAP_AUDIT_WRITE.
      return {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
              "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"};
  }
  return {};
}

namespace {

std::vector<std::string> normalize_all(const std::vector<std::string>& names, const char* option) {
  std::vector<std::string> result;
  for (const auto& name : names) {
    auto normalized = normalize_capability(name);
    if (!normalized) {
      throw ProfileError(option, "unknown capability \"" + name + "\"; use a name such as CAP_SYS_ADMIN, or ALL");
    }
    result.push_back(*normalized);
  }
  return result;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::set<std::string> apply_capability_changes(const std::set<std::string>& base, const std::vector<std::string>& cap_add,
                                               const std::vector<std::string>& cap_drop) {
  const auto add = normalize_all(cap_add, "--cap-add");
  const auto drop = normalize_all(cap_drop, "--cap-drop");
  std::set<std::string> result;

  if (contains(add, "ALL")) {
    for (const auto& name : all_capabilities()) {
      if (!contains(drop, name)) result.insert(name);
    }
    return result;
  }
  if (!contains(drop, "ALL")) {
    for (const auto& name : base) {
      if (!contains(drop, name)) result.insert(name);
    }
  }
  result.insert(add.begin(), add.end());
  return result;
}

}  // namespace box::seccomp
