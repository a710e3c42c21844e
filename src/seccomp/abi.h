// System call ABIs that boxfit traces and evaluates, shared by src/trace and src/seccomp.
#pragma once

namespace box::seccomp {

enum class Abi { x86_64, i386, x32, aarch64 };

}  // namespace box::seccomp
