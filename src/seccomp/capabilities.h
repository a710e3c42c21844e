// Linux capability names and the default capability sets of container runtimes.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace box::seccomp {

enum class Runtime { docker, podman, containerd };

std::string_view runtime_name(Runtime runtime);
std::optional<Runtime> parse_runtime(std::string_view name);

// Returns every capability Linux 6.1 defines (CAP_CHOWN .. CAP_CHECKPOINT_RESTORE).
const std::vector<std::string>& all_capabilities();

// Normalizes "sys_admin", "SYS_ADMIN" or "cap_sys_admin" to "CAP_SYS_ADMIN"; "all" to "ALL".
// Returns nullopt for a name that is not a capability.
std::optional<std::string> normalize_capability(std::string_view name);

// Returns the capabilities a container gets without --cap-add or --cap-drop.
std::set<std::string> default_capabilities(Runtime runtime);

// Applies --cap-add and --cap-drop the way Docker does (moby oci/caps TweakCapabilities): "ALL" in
// cap_add gives every capability except those dropped; otherwise "ALL" in cap_drop starts from nothing
// and adds cap_add; otherwise drops from the base set, then adds. Throws ProfileError for an unknown name.
std::set<std::string> apply_capability_changes(const std::set<std::string>& base, const std::vector<std::string>& cap_add,
                                               const std::vector<std::string>& cap_drop);

}  // namespace box::seccomp
