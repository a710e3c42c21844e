// boxfit patch: prints the rules that make a program fit a profile, and writes the patched profile.
#include <cstdio>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/fit.h"

namespace box::boxfit {
namespace {

struct PatchOptions {
  ProfileOptions profile;
  InputOptions input;
  std::string output;
};

int run_patch(const PatchOptions& options) {
  const LoadedProfile loaded = load_and_resolve(options.profile);
  const auto program = observe_program(options.input, &loaded.resolved, false);
  const auto denials = seccomp::find_denials(loaded.resolved, program);
  const auto patch = seccomp::build_patch(loaded.profile, loaded.resolved, denials);

  for (const auto& rule : patch.rules) std::printf("%s\n", to_single_line(rule).c_str());
  for (const auto& [index, name] : patch.removals) {
    std::fprintf(stderr, "boxfit: removing %s from %s, which denies it\n", name.c_str(),
                 seccomp::rule_reference(loaded.resolved, index).c_str());
  }
  for (const auto& line : patch.skipped) std::fprintf(stderr, "boxfit: not patched: %s\n", line.c_str());
  if (patch.rules.empty()) std::fprintf(stderr, "boxfit: no rules needed; the profile allows every observed call\n");

  if (!options.output.empty()) {
    write_file_atomically(options.output, seccomp::apply_patch(loaded.profile, patch).dump(2) + "\n");
    std::fprintf(stderr, "boxfit: wrote %s\n", options.output.c_str());
  }
  return patch.skipped.empty() ? kExitFits : kExitDenials;
}

}  // namespace

void register_patch_command(CLI::App& app) {
  auto options = std::make_shared<PatchOptions>();
  CLI::App* command = app.add_subcommand("patch", "Print the rules to add to a profile and write the patched profile");
  add_profile_options(*command, options->profile);
  add_input_options(*command, options->input);
  command->add_option("-o,--output", options->output, "Write the patched profile to this file");
  command->callback([options] { finish(run_patch(*options)); });
}

}  // namespace box::boxfit
