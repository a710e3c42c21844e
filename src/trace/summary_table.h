// A plain-text summary of a trace, one table per ABI, in the style of `strace -c`.
#pragma once

#include <string>

#include "trace/trace_result.h"

namespace box::trace {

// Formats calls, errors and the errno breakdown per syscall, most-called first.
std::string format_summary_table(const TraceResult& result);

}  // namespace box::trace
