// Names used in trace output: system calls, errno values and signals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "seccomp/abi.h"

namespace box::trace {

// Set in the syscall number of x32 calls, which arrive with the x86_64 audit architecture.
inline constexpr int kX32SyscallBit = 0x40000000;

// Returns libseccomp's architecture token (SCMP_ARCH_X86 for i386).
uint32_t libseccomp_arch(seccomp::Abi abi);

// Returns the syscall's name for the ABI, or "syscall_<number>" when the number is unknown.
// `number` never includes the x32 bit (0x40000000).
std::string syscall_name(seccomp::Abi abi, int number);

// Returns the symbolic errno name ("EPERM"), including the kernel-internal restart codes
// (ERESTARTSYS and others) that a syscall-exit stop can report, or "E<number>" when unknown.
std::string errno_name(int errno_value);

// Returns "SIGSEGV" style names, "SIGRTMIN+<n>" for real-time signals.
std::string signal_name(int signal_number);
std::optional<int> parse_signal(std::string_view name);

}  // namespace box::trace
