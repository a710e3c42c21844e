// Built-in profiles selected by name (docker, podman, containerd, ...) and loading a profile by name or path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "seccomp/capabilities.h"
#include "seccomp/profile.h"

namespace box::seccomp {

struct BuiltinProfile {
  std::string_view name;
  std::string_view file;  // under data_dir()/seccomp
  Runtime runtime;        // whose default capability set applies
  std::string_view description;
};

const std::vector<BuiltinProfile>& builtin_profiles();
const BuiltinProfile* find_builtin_profile(std::string_view name);

// Loads a built-in profile by name, or else a profile file by path. Throws ProfileError for a
// name that is neither, and for an invalid profile.
Profile load_profile(std::string_view name_or_path);

}  // namespace box::seccomp
