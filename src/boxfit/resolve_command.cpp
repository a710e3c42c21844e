// boxfit resolve: prints the profile as the runtime hands it to runc, an OCI linux.seccomp object.
#include <cstdio>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"

namespace box::boxfit {
namespace {

struct ResolveCommandOptions {
  ProfileOptions profile;
  std::string output;
};

int run_resolve(const ResolveCommandOptions& options) {
  const LoadedProfile loaded = load_and_resolve(options.profile);
  const std::string text = seccomp::to_oci_json(loaded.resolved).dump(2) + "\n";
  if (options.output.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    write_file_atomically(options.output, text);
  }
  return kExitFits;
}

}  // namespace

void register_resolve_command(CLI::App& app) {
  auto options = std::make_shared<ResolveCommandOptions>();
  CLI::App* command = app.add_subcommand("resolve", "Print the profile resolved for an architecture, capabilities and "
                                                    "kernel, as OCI linux.seccomp JSON");
  add_profile_options(*command, options->profile);
  command->add_option("-o,--output", options->output, "Write the JSON to this file instead of standard output");
  command->callback([options] { finish(run_resolve(*options)); });
}

}  // namespace box::boxfit
