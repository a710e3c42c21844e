// Options and steps that several boxfit subcommands share: profile selection, trace input, output files.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "boxfit/commands.h"
#include "seccomp/fit.h"
#include "seccomp/profile.h"
#include "seccomp/resolve.h"

namespace box::boxfit {

// Ends a subcommand callback: returns for kExitFits, else throws CLI::RuntimeError(code) for main to return.
void finish(int code);

// Invalid options, reported with exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ProfileOptions {
  std::string profile;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::string arch;
  std::string kernel;
  std::string runtime;
  bool no_enosys_stub = false;
};

struct InputOptions {
  std::vector<std::string> from;     // trace files
  std::vector<std::string> command;  // program and arguments after --
};

void add_profile_options(CLI::App& command, ProfileOptions& options);
void add_input_options(CLI::App& command, InputOptions& options);

struct LoadedProfile {
  seccomp::Profile profile;
  seccomp::ResolvedProfile resolved;
};

LoadedProfile load_and_resolve(const ProfileOptions& options);

// Reads and merges the --from traces, or traces the command live (see trace_input.h).
seccomp::ObservedProgram observe_program(const InputOptions& input, const seccomp::ResolvedProfile* resolved,
                                         bool enforce);

// Returns one line per denial: "DENIED  keyctl (x86_64 250) x2: reason".
std::string format_denial(const seccomp::Denial& denial);

// Renders JSON on one line with ", " and ": " separators, the form profile rules are quoted in.
std::string to_single_line(const nlohmann::ordered_json& value);

// Writes text to path through a temporary file in the same folder, so that no partial file is left behind.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace box::boxfit
