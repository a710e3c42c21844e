// Registration of boxfit's subcommands and the exit codes they share.
#pragma once

// GCC 12 reports a false -Wnull-dereference inside CLI11 2.1's inline string helpers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

namespace box::boxfit {

// Exit codes of boxfit (documented in docs/boxfit.md). `run` exits with the program's own status instead.
// A subcommand callback ends boxfit with another status by throwing CLI::RuntimeError(status).
inline constexpr int kExitFits = 0;
inline constexpr int kExitDenials = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitEnvironment = 3;

void register_check_command(CLI::App& app);
void register_patch_command(CLI::App& app);
void register_generate_command(CLI::App& app);
void register_run_command(CLI::App& app);
void register_resolve_command(CLI::App& app);
void register_trace_command(CLI::App& app);

}  // namespace box::boxfit
