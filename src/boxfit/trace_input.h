// Observed system calls for check, patch and generate: from trace files, or from tracing a command live.
#pragma once

#include <string>
#include <vector>

#include "seccomp/fit.h"
#include "seccomp/resolve.h"
#include "trace/error.h"
#include "trace/trace_result.h"

namespace box::boxfit {

seccomp::ObservedProgram to_observed(const trace::TraceResult& result);

// Reads and merges trace files written by `boxfit trace -o`.
seccomp::ObservedProgram read_traces(const std::vector<std::string>& paths);

// Runs the command under the tracer. With a profile, the calls it allows unconditionally run without stopping
// (fast mode), and arguments are recorded for every call its rules test. With `enforce`, denied calls fail with
// the profile's errno; otherwise they run, so one run finds every denial.
seccomp::ObservedProgram trace_live(const std::vector<std::string>& command, const seccomp::ResolvedProfile* resolved,
                                    bool enforce);

// Returns boxfit's exit code for a tracer error: 2 for bad input (trace file, command), 3 for the environment.
int exit_code_for(const trace::TraceError& error);

}  // namespace box::boxfit
