// boxfit check: lists each observed call the profile would deny, and why.
#include <cstdio>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/abi_names.h"

namespace box::boxfit {
namespace {

struct CheckOptions {
  ProfileOptions profile;
  InputOptions input;
  bool enforce = false;
};

int run_check(const CheckOptions& options) {
  const LoadedProfile loaded = load_and_resolve(options.profile);
  const auto program = observe_program(options.input, &loaded.resolved, options.enforce);
  const auto denials = seccomp::find_denials(loaded.resolved, program);

  const auto& resolved = loaded.resolved;
  std::printf("profile %s for %s, kernel %s, %zu capabilities: checked %zu distinct system calls\n",
              resolved.source.c_str(), std::string(seccomp::abi_name(resolved.options.native_abi)).c_str(),
              resolved.options.kernel.to_string().c_str(), resolved.options.capabilities.size(), program.syscalls.size());
  for (const auto& denial : denials) std::printf("%s\n", format_denial(denial).c_str());
  if (denials.empty()) {
    std::printf("fits: the profile allows every observed call\n");
    return kExitFits;
  }
  std::printf("does not fit: %zu denied call%s\n", denials.size(), denials.size() == 1 ? "" : "s");
  return kExitDenials;
}

}  // namespace

void register_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "List the calls a profile denies; exit 1 when there are any");
  add_profile_options(*command, options->profile);
  add_input_options(*command, options->input);
  command->add_flag("--enforce", options->enforce, "With -- CMD: fail denied calls with the profile's errno");
  command->callback([options] { finish(run_check(*options)); });
}

}  // namespace box::boxfit
