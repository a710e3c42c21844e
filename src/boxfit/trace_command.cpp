// `boxfit trace [-o FILE] -- CMD...`: runs CMD under the tracer, prints a summary table to
// stderr and optionally writes the trace JSON.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "boxfit/commands.h"
#include "trace/error.h"
#include "trace/summary_table.h"
#include "trace/trace_json.h"
#include "trace/tracer.h"

namespace box::boxfit {
namespace {

// Exit statuses of boxfit's own failures, as `docker run` and `env` use them.
constexpr int kExitTraceFailed = 125;
constexpr int kExitCommandNotRunnable = 126;
constexpr int kExitCommandNotFound = 127;

struct TraceCommandOptions {
  std::string output;
  bool errors = false;
  std::vector<std::string> command;
};

int exit_status_for(const trace::TraceError& error) {
  switch (error.kind()) {
    case trace::TraceError::Kind::command_not_found:
      return kExitCommandNotFound;
    case trace::TraceError::Kind::command_not_runnable:
      return kExitCommandNotRunnable;
    default:
      return kExitTraceFailed;
  }
}

// Checks the output location before the command runs, so a long run is not lost to a typo.
void check_output_writable(const std::string& output) {
  const std::filesystem::path path(output);
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  if (!std::filesystem::is_directory(directory)) {
    throw trace::TraceError(trace::TraceError::Kind::system, "cannot write the trace to '" + output + "': directory '" +
                                                                 directory.string() + "' does not exist");
  }
  if (access(directory.c_str(), W_OK) != 0) {
    throw trace::TraceError(trace::TraceError::Kind::system, "cannot write the trace to '" + output +
                                                                 "': directory '" + directory.string() +
                                                                 "' is not writable");
  }
}

int run_trace_command(const TraceCommandOptions& options) {
  if (!options.output.empty()) {
    check_output_writable(options.output);
  }
  trace::TraceOptions trace_options;
  trace_options.argv = options.command;
#if defined(__x86_64__)
  trace_options.record_errors = options.errors;
#else
  trace_options.record_errors = true;  // the tracer's seccomp filter is built for x86_64 hosts only
#endif
  trace_options.argument_sensitive = trace::default_argument_sensitive();
  const trace::TraceResult result = trace::run_traced(trace_options);

  std::cerr << trace::format_summary_table(result);
  if (!options.output.empty()) {
    trace::write_trace_file(options.output, result);
  }
  return result.exit_code;
}

}  // namespace

void register_trace_command(CLI::App& app) {
  auto options = std::make_shared<TraceCommandOptions>();
  CLI::App* command = app.add_subcommand("trace", "Run a command under ptrace and count its syscalls per ABI");
  command->add_option("-o,--output", options->output, "Write the trace as JSON (boxfit-trace version 1) to FILE")
      ->option_text("FILE");
  command->add_flag("--errors", options->errors,
                    "Also count failed calls by errno, as strace -c does. Stops each call twice instead of once, "
                    "so tracing takes about twice as long");
  command->add_option("command", options->command, "The command to trace and its arguments. Options after the command name are passed to it")->required();
  command->positionals_at_end();
  command->footer(
      "Follows forks, vforks, threads and execs, and waits for every traced process, including daemons.\n"
      "Prints the summary table to stderr.\n"
      "Exit status: the command's exit status, 128+N when signal N killed it; 125 when tracing failed\n"
      "(for example ptrace not permitted), 126 when the command cannot be executed, 127 when it is not found.");
  command->callback([options] {
    int status = 0;
    try {
      status = run_trace_command(*options);
    } catch (const trace::TraceError& error) {
      std::cerr << "boxfit trace: " << error.what() << '\n';
      status = exit_status_for(error);
    }
    if (status != 0) {
      throw CLI::RuntimeError(status);
    }
  });
}

}  // namespace box::boxfit
