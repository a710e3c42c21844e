// Registration of boxfit's subcommands and the exit codes they share.
#pragma once

#include <CLI/CLI.hpp>

namespace box::boxfit {

// Exit codes of boxfit (documented in docs/boxfit.md). `run` exits with the program's own status instead.
inline constexpr int kExitFits = 0;
inline constexpr int kExitDenials = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitEnvironment = 3;

void register_check_command(CLI::App& app);
void register_patch_command(CLI::App& app);
void register_generate_command(CLI::App& app);
void register_run_command(CLI::App& app);
void register_resolve_command(CLI::App& app);
// Defined in trace_command.cpp, which the tracer side of boxfit provides.
void register_trace_command(CLI::App& app);

}  // namespace box::boxfit
