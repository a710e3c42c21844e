#include "trace/names.h"

#include <seccomp.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "seccomp/errors.h"
#include "seccomp/syscall_table.h"

namespace box::trace {

uint32_t libseccomp_arch(seccomp::Abi abi) {
  switch (abi) {
    case seccomp::Abi::x86_64:
      return SCMP_ARCH_X86_64;
    case seccomp::Abi::i386:
      return SCMP_ARCH_X86;
    case seccomp::Abi::x32:
      return SCMP_ARCH_X32;
    case seccomp::Abi::aarch64:
      return SCMP_ARCH_AARCH64;
  }
  return SCMP_ARCH_NATIVE;
}

// Names come from the syscall tables in data/syscalls. libseccomp's built-in table
// (2.5.4 on Debian 12) covers numbers missing there and a missing data folder.
std::string syscall_name(seccomp::Abi abi, int number) {
  try {
    if (const auto name = seccomp::syscall_table(abi).name(number)) {
      return std::string(*name);
    }
  } catch (const seccomp::DataError&) {
    // fall through to libseccomp's table
  }
  const int lookup = abi == seccomp::Abi::x32 ? (number | kX32SyscallBit) : number;
  std::unique_ptr<char, decltype(&std::free)> name(seccomp_syscall_resolve_num_arch(libseccomp_arch(abi), lookup),
                                                   &std::free);
  if (name) {
    return name.get();
  }
  return "syscall_" + std::to_string(number);
}

std::string errno_name(int errno_value) {
  // Codes from the kernel's include/linux/errno.h, never returned to user space but
  // visible at a syscall-exit stop when a signal interrupts the call.
  switch (errno_value) {
    case 512:
      return "ERESTARTSYS";
    case 513:
      return "ERESTARTNOINTR";
    case 514:
      return "ERESTARTNOHAND";
    case 515:
      return "ENOIOCTLCMD";
    case 516:
      return "ERESTART_RESTARTBLOCK";
    default:
      break;
  }
  if (const char* name = strerrorname_np(errno_value)) {
    return name;
  }
  return "E" + std::to_string(errno_value);
}

std::string signal_name(int signal_number) {
  if (signal_number >= SIGRTMIN && signal_number <= SIGRTMAX) {
    return "SIGRTMIN+" + std::to_string(signal_number - SIGRTMIN);
  }
  if (const char* abbreviation = sigabbrev_np(signal_number)) {
    return std::string("SIG") + abbreviation;
  }
  return "SIG" + std::to_string(signal_number);
}

std::optional<int> parse_signal(std::string_view name) {
  for (int number = 1; number < NSIG; ++number) {
    if (signal_name(number) == name) {
      return number;
    }
  }
  return std::nullopt;
}

}  // namespace box::trace
