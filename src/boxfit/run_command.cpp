// boxfit run: runs a program under a profile and reports each call the profile denies.

#include <cstdio>
#include <cstring>
#include <memory>

#include "boxfit/command_support.h"
#include "boxfit/commands.h"
#include "seccomp/abi_names.h"
#include "seccomp/sandbox.h"
#include "trace/command_path.h"

namespace box::boxfit {
namespace {

struct RunOptions {
  ProfileOptions profile;
  std::vector<std::string> command;
};

int run_program(const RunOptions& options) {
  if (options.command.empty()) throw UsageError("missing command: boxfit run --profile NAME -- CMD...");
  const std::string path = trace::find_command(options.command[0]);
  const LoadedProfile loaded = load_and_resolve(options.profile);

  const auto report = [](const seccomp::DeniedCall& call) {
    std::fprintf(stderr, "boxfit: DENIED %s [%s %d] pid %d: %s\n", call.verdict.syscall.c_str(),
                 std::string(seccomp::abi_name(call.abi)).c_str(), call.number, static_cast<int>(call.pid),
                 call.verdict.reason.c_str());
  };
  const auto result = seccomp::run_under_profile(loaded.resolved, path, options.command, report);

  if (result.signal) {
    std::fprintf(stderr, "boxfit: %s was killed by signal %d (%s); %zu denied call%s\n", options.command[0].c_str(),
                 *result.signal, strsignal(*result.signal), result.denied.size(), result.denied.size() == 1 ? "" : "s");
  } else {
    std::fprintf(stderr, "boxfit: %s exited with status %d; %zu denied call%s\n", options.command[0].c_str(),
                 result.exit_code, result.denied.size(), result.denied.size() == 1 ? "" : "s");
  }
  return result.exit_code;
}

}  // namespace

void register_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand("run", "Run a program under a profile, reporting each denied call; "
                                                "exit with the program's status");
  add_profile_options(*command, options->profile);
  command->add_option("command", options->command, "Program and arguments, after --");
  command->callback([options] { finish(run_program(*options)); });
}

}  // namespace box::boxfit
