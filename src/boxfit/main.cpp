// boxfit: checks a program's system calls against container seccomp profiles, patches and generates profiles,
// and runs a program under a profile.
#include <cstdio>
#include <exception>

#include "boxfit/command_support.h"
#include "boxfit/trace_input.h"
#include "boxfit/commands.h"
#include "seccomp/errors.h"
#include "trace/error.h"

int main(int argc, char** argv) {
  CLI::App app{"boxfit: fit a program to a container runtime's seccomp profile"};
  app.require_subcommand(1);
  box::boxfit::register_check_command(app);
  box::boxfit::register_patch_command(app);
  box::boxfit::register_generate_command(app);
  box::boxfit::register_run_command(app);
  box::boxfit::register_resolve_command(app);
  box::boxfit::register_trace_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::RuntimeError& request) {
    return request.get_exit_code();
  } catch (const CLI::ParseError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitUsage;
  } catch (const box::trace::TraceError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::exit_code_for(error);
  } catch (const box::seccomp::ProfileError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitUsage;
  } catch (const box::boxfit::UsageError& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitUsage;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "boxfit: %s\n", error.what());
    return box::boxfit::kExitEnvironment;
  }
  return box::boxfit::kExitFits;
}
