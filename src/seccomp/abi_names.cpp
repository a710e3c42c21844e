// Names of the ABIs.
#include "seccomp/abi_names.h"

namespace box::seccomp {

std::string_view abi_name(Abi abi) {
  switch (abi) {
    case Abi::x86_64: return "x86_64";
    case Abi::i386: return "i386";
    case Abi::x32: return "x32";
    case Abi::aarch64: return "aarch64";
  }
  return "unknown";
}

std::optional<Abi> parse_abi(std::string_view name) {
  for (Abi abi : kAllAbis) {
    if (abi_name(abi) == name) return abi;
  }
  if (name == "amd64") return Abi::x86_64;
  if (name == "arm64") return Abi::aarch64;
  if (name == "x86" || name == "386") return Abi::i386;
  return std::nullopt;
}

std::string_view scmp_arch_name(Abi abi) {
  switch (abi) {
    case Abi::x86_64: return "SCMP_ARCH_X86_64";
    case Abi::i386: return "SCMP_ARCH_X86";
    case Abi::x32: return "SCMP_ARCH_X32";
    case Abi::aarch64: return "SCMP_ARCH_AARCH64";
  }
  return "SCMP_ARCH_NATIVE";
}

std::optional<Abi> abi_from_scmp_arch(std::string_view scmp_arch) {
  for (Abi abi : kAllAbis) {
    if (scmp_arch_name(abi) == scmp_arch) return abi;
  }
  return std::nullopt;
}

std::string_view docker_arch_name(Abi abi) {
  switch (abi) {
    case Abi::x86_64: return "amd64";
    case Abi::i386: return "x86";
    case Abi::x32: return "x32";
    case Abi::aarch64: return "arm64";
  }
  return "";
}

Abi host_abi() {
#if defined(__aarch64__)
  return Abi::aarch64;
#elif defined(__x86_64__) && defined(__ILP32__)
  return Abi::x32;
#elif defined(__x86_64__)
  return Abi::x86_64;
#elif defined(__i386__)
  return Abi::i386;
#else
#error "boxfit supports x86_64, i386, x32 and aarch64 hosts"
#endif
}

}  // namespace box::seccomp
