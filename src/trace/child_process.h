// The traced command's process between fork and execve: it waits until the tracer has
// attached, optionally installs the fast-mode seccomp filter, then executes the command.
#pragma once

#include <linux/filter.h>
#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "trace/unique_fd.h"

namespace box::trace {

class ChildProcess {
 public:
  ChildProcess(pid_t pid, std::string command, UniqueFd release_fd, UniqueFd error_fd,
               struct sigaction saved_interrupt, struct sigaction saved_quit);
  ChildProcess(ChildProcess&&) = delete;
  ~ChildProcess();  // restores the caller's SIGINT and SIGQUIT actions

  pid_t pid() const { return pid_; }
  // Lets the child go on to execve.
  void release_to_exec();
  void kill_and_reap();
  // After the child has exited: throws TraceError when the filter or execve failed in it.
  void throw_if_exec_failed();

 private:
  pid_t pid_;
  std::string command_;
  UniqueFd release_fd_;
  UniqueFd error_fd_;
  struct sigaction saved_interrupt_;
  struct sigaction saved_quit_;
};

// Forks the child. While it runs, the caller ignores SIGINT and SIGQUIT as system(3) does,
// so that Ctrl-C stops the traced command and the trace still ends normally. An empty
// `filter` means no seccomp filter. The child runs the file `path` (see find_command) with
// `argv`. With `stdout_to_stderr`, the command writes its standard output to the caller's
// standard error.
ChildProcess start_child(const std::string& path, const std::vector<std::string>& argv,
                         const std::vector<sock_filter>& filter, bool stdout_to_stderr);

}  // namespace box::trace
