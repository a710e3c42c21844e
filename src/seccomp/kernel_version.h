// Kernel versions as "major.minor", the form Docker profiles use in minKernel.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace box::seccomp {

struct KernelVersion {
  int major = 0;
  int minor = 0;
  auto operator<=>(const KernelVersion&) const = default;
  std::string to_string() const { return std::to_string(major) + "." + std::to_string(minor); }
};

// Parses "X.Y"; with allow_suffix, also a release such as "6.1.0-18-amd64" (only X.Y is kept).
std::optional<KernelVersion> parse_kernel_version(std::string_view text, bool allow_suffix = false);

// Returns the running kernel's version from uname(2).
KernelVersion host_kernel_version();

}  // namespace box::seccomp
