// boxfit generate: writes a minimal default-deny profile for a program.
#include <cstdio>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/fit.h"

namespace box::boxfit {
namespace {

struct GenerateOptions {
  InputOptions input;
  std::string output;
};

int run_generate(const GenerateOptions& options) {
  const auto program = observe_program(options.input, nullptr, false);
  const auto profile = seccomp::generate_profile(program, seccomp::runtime_startup_syscalls());
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
  command->callback([options] { finish(run_generate(*options)); });
}

}  // namespace box::boxfit
