// Observed system calls for check, patch and generate.
#include "boxfit/trace_input.h"

#include <cerrno>

#include "boxfit/commands.h"
#include "seccomp/evaluate.h"
#include "trace/trace_json.h"
#include "trace/tracer.h"

namespace box::boxfit {
namespace {

std::set<std::string> argument_sensitive(const seccomp::ResolvedProfile& resolved) {
  std::set<std::string> names = trace::default_argument_sensitive();
  for (const auto& rule : resolved.rules) {
    if (!rule.args.empty()) names.insert(rule.names.begin(), rule.names.end());
  }
  for (const auto& dropped : resolved.dropped) {
    if (!dropped.rule.args.empty()) names.insert(dropped.rule.names.begin(), dropped.rule.names.end());
  }
  return names;
}

}  // namespace

seccomp::ObservedProgram to_observed(const trace::TraceResult& result) {
  seccomp::ObservedProgram program;
  program.command = result.command;
  for (const auto& [abi, stats] : result.abis) {
    for (const auto& [number, syscall] : stats) {
      seccomp::ObservedSyscall call;
      call.abi = abi;
      call.name = syscall.name;
      call.number = number;
      call.count = syscall.count;
      call.arg_sets.assign(syscall.arg_sets.begin(), syscall.arg_sets.end());
      call.arg_sets_truncated = syscall.arg_sets_truncated;
      program.syscalls.push_back(std::move(call));
    }
  }
  return program;
}

seccomp::ObservedProgram read_traces(const std::vector<std::string>& paths) {
  trace::TraceResult merged = trace::read_trace_file(paths.at(0));
  for (std::size_t i = 1; i < paths.size(); ++i) trace::merge(merged, trace::read_trace_file(paths[i]));
  return to_observed(merged);
}

seccomp::ObservedProgram trace_live(const std::vector<std::string>& command, const seccomp::ResolvedProfile* resolved,
                                    bool enforce) {
  trace::TraceOptions options;
  options.argv = command;
  options.stdout_to_stderr = true;  // boxfit's standard output carries only its report or rules
  options.argument_sensitive = trace::default_argument_sensitive();
  if (resolved != nullptr) {
    options.allow_without_stop = seccomp::unconditionally_allowed(*resolved);
    options.argument_sensitive = argument_sensitive(*resolved);
    if (enforce) {
      options.decide = [resolved](const trace::SyscallEvent& event) {
        const auto verdict = seccomp::evaluate(*resolved, event.abi, event.number, event.args);
        if (verdict.allowed()) return 0;
        // NOTE: the tracer can only fail a call, so kill and trap actions fail it with EPERM here.
        return verdict.action == seccomp::Action::errno_ret ? verdict.errno_value : EPERM;
      };
    }
  }
  return to_observed(trace::run_traced(options));
}

int exit_code_for(const trace::TraceError& error) {
  switch (error.kind()) {
    case trace::TraceError::Kind::invalid_trace_file:
    case trace::TraceError::Kind::command_not_found:
    case trace::TraceError::Kind::command_not_runnable:
      return kExitUsage;
    default:
      return kExitEnvironment;
  }
}

}  // namespace box::boxfit
