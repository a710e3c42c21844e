// boxfit generate: writes a minimal default-deny profile for a program.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/fit.h"
#include "seccomp/syscall_table.h"

namespace box::boxfit {
namespace {

struct GenerateOptions {
  InputOptions input;
  std::string output;
  std::vector<std::string> exclude;
};

// Checks each --exclude name against the x86_64 and aarch64 tables, so a typo
// does not silently leave a call allowed.
void check_excluded_names(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (!seccomp::syscall_table(seccomp::Abi::x86_64).number(name) &&
        !seccomp::syscall_table(seccomp::Abi::aarch64).number(name)) {
      throw UsageError("unknown system call '" + name + "' in --exclude; use a name from data/syscalls/*.tsv");
    }
  }
}

int run_generate(const GenerateOptions& options) {
  check_excluded_names(options.exclude);
  const auto excluded = [&](const std::string& name) {
    return std::find(options.exclude.begin(), options.exclude.end(), name) != options.exclude.end();
  };
  auto program = observe_program(options.input, nullptr, false);
  std::erase_if(program.syscalls, [&](const seccomp::ObservedSyscall& call) { return excluded(call.name); });
  auto startup = seccomp::runtime_startup_syscalls();
  std::erase_if(startup, excluded);
  const auto profile = seccomp::generate_profile(program, startup);
  write_file_atomically(options.output, profile.dump(2) + "\n");
  std::fprintf(stderr, "boxfit: wrote %s allowing %zu system calls (%zu observed plus the runtime's startup calls)\n",
               options.output.c_str(), profile["syscalls"][0]["names"].size(), program.syscalls.size());
  return kExitFits;
}

}  // namespace

void register_generate_command(CLI::App& app) {
  auto options = std::make_shared<GenerateOptions>();
  CLI::App* command = app.add_subcommand("generate", "Write a minimal default-deny profile for a program");
  add_input_options(*command, options->input);
  command->add_option("-o,--output", options->output, "Profile file to write")->required();
  command
      ->add_option("--exclude", options->exclude,
                   "System calls to leave denied even when observed (repeat or separate with commas), "
                   "for example add_key,keyctl so that a program falls back from the kernel keyring")
      ->delimiter(',');
  command->callback([options] { finish(run_generate(*options)); });
}

}  // namespace box::boxfit
