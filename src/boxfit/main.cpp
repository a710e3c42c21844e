// boxfit: traces a program's syscalls and checks them against container seccomp profiles.
#include "boxfit/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"boxfit: find the syscalls a container's seccomp profile denies a program"};
  app.require_subcommand(1);
  box::boxfit::register_trace_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
