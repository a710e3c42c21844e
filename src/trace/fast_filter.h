// The seccomp filter of the tracer's fast mode: allow listed syscalls, stop on the rest.
#pragma once

#include <linux/filter.h>

#include <map>
#include <set>
#include <vector>

#include "seccomp/abi.h"

namespace box::trace {

// Builds a BPF program that returns SECCOMP_RET_ALLOW for `allow` (per ABI, numbers without
// the x32 bit) and SECCOMP_RET_TRACE for every other syscall of x86_64, i386 and x32, so a
// tracer with PTRACE_O_TRACESECCOMP stops only on the rest. Built with libseccomp in the parent,
// so that the child only needs prctl() between fork and execve.
// Throws TraceError(system) when libseccomp rejects a rule.
std::vector<sock_filter> build_fast_mode_filter(const std::map<seccomp::Abi, std::set<int>>& allow);

}  // namespace box::trace
