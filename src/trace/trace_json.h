// The trace JSON format ("boxfit-trace", version 1; see docs/trace-format.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "trace/trace_result.h"

namespace box::trace {

inline constexpr int kTraceFormatVersion = 1;

nlohmann::ordered_json to_json(const TraceResult& result);
// Throws TraceError(invalid_trace_file) naming the JSON path of the first problem.
TraceResult from_json(const nlohmann::ordered_json& document);

// Reads a trace file; errors name the file.
TraceResult read_trace_file(const std::string& path);
// Writes a trace file through a temporary file and a rename, so that a failed write never
// leaves a partial file under `path`.
void write_trace_file(const std::string& path, const TraceResult& result);

}  // namespace box::trace
