// Built-in profiles and loading a profile by name or path.
#include "seccomp/builtin_profiles.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "seccomp/data_dir.h"
#include "seccomp/errors.h"

namespace box::seccomp {

const std::vector<BuiltinProfile>& builtin_profiles() {
  static const std::vector<BuiltinProfile> profiles = {
      {"docker", "moby-default.json", Runtime::docker, "Docker's newest default (moby/profiles seccomp v0.2.3)"},
      {"docker-28.5", "moby-default-2025-05-28-148a19b.json", Runtime::docker, "Docker 28.5 (moby 2025-05-28)"},
      {"docker-20.10.0", "moby-default-v20.10.0.json", Runtime::docker, "Docker 20.10.0"},
      {"docker-19.03", "moby-default-v19.03.15.json", Runtime::docker, "Docker 19.03.15"},
      {"podman", "container-libs-common-seccomp.json", Runtime::podman,
       "Podman, Buildah and CRI-O, newest (container-libs common)"},
      {"podman-4", "containers-common-seccomp.json", Runtime::podman, "Podman 4 and 5 (containers/common)"},
      {"containerd", "containerd-default.json", Runtime::containerd,
       "containerd, the Kubernetes RuntimeDefault on containerd nodes"},
  };
  return profiles;
}

const BuiltinProfile* find_builtin_profile(std::string_view name) {
  for (const auto& profile : builtin_profiles()) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ProfileError("", "cannot read profile file " + path.string());
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

Profile parse_profile_file(const std::filesystem::path& path, const std::string& source) {
  const std::string text = read_file(path);
  try {
    return parse_profile(text, source);
  } catch (const ProfileError& error) {
    throw error.in_file(path.string());
  }
}

std::string builtin_names() {
  std::string names;
  for (const auto& profile : builtin_profiles()) names += (names.empty() ? "" : ", ") + std::string(profile.name);
  return names;
}

}  // namespace

Profile load_profile(std::string_view name_or_path) {
  if (const auto* builtin = find_builtin_profile(name_or_path)) {
    const auto path = data_dir() / "seccomp" / builtin->file;
    if (!std::filesystem::exists(path)) {
      throw DataError("built-in profile file " + path.string() + " not found; set BOXFIT_DATA_DIR to boxfit's data folder");
    }
    return parse_profile_file(path, std::string(builtin->name));
  }
  const std::filesystem::path path{std::string(name_or_path)};
  if (!std::filesystem::is_regular_file(path)) {
    throw ProfileError("", "profile \"" + std::string(name_or_path) + "\" is neither a built-in name (" + builtin_names() +
                               ") nor a readable file");
  }
  return parse_profile_file(path, path.string());
}

}  // namespace box::seccomp
