// Kernel versions.
#include "seccomp/kernel_version.h"

#include <sys/utsname.h>

#include <charconv>

namespace box::seccomp {

std::optional<KernelVersion> parse_kernel_version(std::string_view text, bool allow_suffix) {
  KernelVersion version;
  const char* begin = text.data();
  const char* end = text.data() + text.size();

  auto [after_major, major_error] = std::from_chars(begin, end, version.major);
  if (major_error != std::errc{} || after_major == end || *after_major != '.') return std::nullopt;
  auto [after_minor, minor_error] = std::from_chars(after_major + 1, end, version.minor);
  if (minor_error != std::errc{} || version.major < 0 || version.minor < 0) return std::nullopt;
  if (after_minor != end && !(allow_suffix && (*after_minor == '.' || *after_minor == '-'))) return std::nullopt;
  return version;
}

KernelVersion host_kernel_version() {
  utsname names{};
  if (uname(&names) == 0) {
    if (auto version = parse_kernel_version(names.release, true)) return *version;
  }
  return KernelVersion{};
}

}  // namespace box::seccomp
