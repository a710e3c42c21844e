// Names of the ABIs: boxfit's own ("x86_64"), libseccomp's (SCMP_ARCH_X86_64) and Go's (amd64).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "seccomp/abi.h"

namespace box::seccomp {

inline constexpr std::array<Abi, 4> kAllAbis = {Abi::x86_64, Abi::i386, Abi::x32, Abi::aarch64};

// Returns "x86_64", "i386", "x32" or "aarch64".
std::string_view abi_name(Abi abi);
std::optional<Abi> parse_abi(std::string_view name);

// Converts between an ABI and the libseccomp architecture name used in profiles (SCMP_ARCH_X86 is i386).
std::string_view scmp_arch_name(Abi abi);
std::optional<Abi> abi_from_scmp_arch(std::string_view scmp_arch);

// Returns the name Docker profiles use in includes.arches and excludes.arches ("amd64", "x86", "arm64").
// moby's goToNative table maps Go's GOARCH to these names, so "x32" never matches the host.
std::string_view docker_arch_name(Abi abi);

// Returns the ABI of the machine boxfit runs on.
Abi host_abi();

}  // namespace box::seccomp
