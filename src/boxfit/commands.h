// Registration of the boxfit subcommands, one source file each. A subcommand that ends
// with a non-zero exit status throws CLI::RuntimeError(status).
#pragma once

// GCC 12 reports a false -Wnull-dereference inside CLI11 2.1's inline string helpers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

namespace box::boxfit {

void register_trace_command(CLI::App& app);

}  // namespace box::boxfit
