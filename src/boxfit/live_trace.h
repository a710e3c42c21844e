// Live tracing of a command for check, patch and generate, through the tracer in src/trace.
#pragma once

#include <string>
#include <vector>

#include "seccomp/resolve.h"
#include "seccomp/trace_input.h"

namespace box::boxfit {

// Runs the command under the tracer and returns its system calls. With a profile, the calls it allows
// unconditionally run without stopping; with `enforce`, denied calls fail with the profile's errno.
seccomp::ObservedProgram trace_live(const std::vector<std::string>& command, const seccomp::ResolvedProfile* resolved,
                                    bool enforce);

}  // namespace box::boxfit
