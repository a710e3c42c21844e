// Runs a command under ptrace, following forks, vforks, threads and execs, and counts
// its system calls per ABI.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "seccomp/abi.h"
#include "trace/trace_result.h"

namespace box::trace {

struct SyscallEvent {
  seccomp::Abi abi;
  int number;  // without the x32 bit
  SyscallArgs args;
  pid_t pid;  // thread id of the calling thread
};

struct TraceOptions {
  std::vector<std::string> argv;
  // Fast mode: when non-empty, the seccomp filter installed in the child before execve lets
  // these syscalls run without a stop, so they are neither counted nor passed to `decide`.
  // A filter is installed whenever this is non-empty or record_errors is false.
  std::map<seccomp::Abi, std::set<int>> allow_without_stop;
  // Called at each stopped syscall entry. Returns 0 to let the call run, or an errno value
  // to skip the call and make it return -errno, as a seccomp SCMP_ACT_ERRNO rule would.
  std::function<int(const SyscallEvent&)> decide;
  // When true, each stopped call is also stopped at its exit to record the errno it returns,
  // as strace -c does. When false, a seccomp filter stops each call once, at its entry, which
  // halves the stops, and the result has errors_recorded false.
  bool record_errors = true;
  // Syscall names whose argument tuples are recorded (see default_argument_sensitive()).
  std::set<std::string> argument_sensitive;
  // Sends the command's standard output to this process's standard error, so that a caller's own
  // standard output carries only its report.
  bool stdout_to_stderr = false;
};

// Names of the syscalls whose arguments the built-in container profiles test:
// clone, clone3, personality and socket.
std::set<std::string> default_argument_sensitive();

// Runs options.argv and returns what it called. Counting starts at the command's execve.
// Returns once every traced process has exited, so a daemon that the command leaves
// running keeps this call waiting, as with strace -f. Throws TraceError when ptrace is not
// permitted, seccomp is not available (fast mode), or the command cannot be executed.
// NOTE: waits with waitpid(-1), so it also reaps other children of the calling process,
// and only one run_traced may be active per process.
TraceResult run_traced(const TraceOptions& options);

}  // namespace box::trace
