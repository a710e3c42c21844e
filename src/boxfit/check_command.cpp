// boxfit check: lists each observed call the profile would deny, and why.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>
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
  bool strict = false;
};

std::string calls_text(std::size_t count) { return std::to_string(count) + (count == 1 ? " call" : " calls"); }

std::size_t recoverable_denials(const std::vector<seccomp::Denial>& denials) {
  return static_cast<std::size_t>(std::count_if(denials.begin(), denials.end(),
                                                [](const seccomp::Denial& denial) { return denial.glibc_fallback; }));
}

// Returns the denials that make check exit 1: all with --strict, else those glibc does not fall back from.
std::size_t counted_denials(const std::vector<seccomp::Denial>& denials, bool strict) {
  return strict ? denials.size() : denials.size() - recoverable_denials(denials);
}

std::string verdict_line(const std::vector<seccomp::Denial>& denials, bool strict) {
  if (denials.empty()) return "fits: the profile allows every observed call";
  const std::size_t recoverable = recoverable_denials(denials);
  const std::size_t counted = counted_denials(denials, strict);
  if (counted == 0) {
    return "fits: the only denials are " + calls_text(recoverable) +
           " that glibc falls back from on ENOSYS; --strict counts them";
  }
  std::string line = "does not fit: " + std::to_string(counted) + (counted == 1 ? " denied call" : " denied calls");
  if (!strict && recoverable > 0) line += ", plus " + calls_text(recoverable) + " that glibc falls back from on ENOSYS";
  return line;
}

int run_check(const CheckOptions& options) {
  const LoadedProfile loaded = load_and_resolve(options.profile);
  const auto program = observe_program(options.input, &loaded.resolved, options.enforce);
  const auto denials = seccomp::find_denials(loaded.resolved, program);

  const auto& resolved = loaded.resolved;
  const std::size_t checked = program.syscalls.size();
  std::printf("profile %s for %s, kernel %s, %zu capabilit%s: checked %zu distinct system call%s\n",
              resolved.source.c_str(), std::string(seccomp::abi_name(resolved.options.native_abi)).c_str(),
              resolved.options.kernel.to_string().c_str(), resolved.options.capabilities.size(),
              resolved.options.capabilities.size() == 1 ? "y" : "ies", checked, checked == 1 ? "" : "s");
  for (const auto& denial : denials) std::printf("%s\n", format_denial(denial).c_str());
  std::printf("%s\n", verdict_line(denials, options.strict).c_str());
  return counted_denials(denials, options.strict) == 0 ? kExitFits : kExitDenials;
}

}  // namespace

void register_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand(
      "check", "List the calls a profile denies; exit 1 when the program cannot recover from one of them");
  add_profile_options(*command, options->profile);
  add_input_options(*command, options->input);
  command->add_flag("--enforce", options->enforce, "With -- CMD: fail denied calls with the profile's errno");
  command->add_flag("--strict", options->strict,
                    "Exit 1 for every denial, including ENOSYS denials that glibc falls back from");
  command->callback([options] { finish(run_check(*options)); });
}

}  // namespace box::boxfit
