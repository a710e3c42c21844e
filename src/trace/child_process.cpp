#include "trace/child_process.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "trace/error.h"

namespace box::trace {
namespace {

// Step of the child setup that failed, sent to the parent through the error pipe.
enum class ChildStep : int { no_new_privs = 1, seccomp_filter = 2, exec = 3, redirect_stdout = 4 };

struct ChildFailure {
  ChildStep step;
  int errno_value;
};

[[noreturn]] void report_and_exit(int error_fd, ChildStep step) {
  const ChildFailure failure{step, errno};
  // A failed write cannot be reported either, but exit status 127 still shows the failure.
  [[maybe_unused]] ssize_t written = write(error_fd, &failure, sizeof failure);
  _exit(127);
}

// Runs in the forked child, so it calls only async-signal-safe functions.
[[noreturn]] void run_child(const char* path, char* const* argv, const sock_fprog* filter, bool stdout_to_stderr,
                            int release_fd, int error_fd, const struct sigaction& saved_interrupt, const struct sigaction& saved_quit) {
  sigaction(SIGINT, &saved_interrupt, nullptr);
  sigaction(SIGQUIT, &saved_quit, nullptr);
  char byte = 0;
  ssize_t got = 0;
  do {
    got = read(release_fd, &byte, 1);
  } while (got < 0 && errno == EINTR);
  if (got != 1) {
    _exit(127);  // the tracer went away before attaching: never run the command untraced
  }
  close(release_fd);
  if (stdout_to_stderr && dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    report_and_exit(error_fd, ChildStep::redirect_stdout);
  }

  // With CAP_SYS_ADMIN the filter installs as it is, and set-user-ID programs keep working
  // as under strace; without it the kernel requires no_new_privs first.
  if (filter != nullptr && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, filter) != 0) {
    if (errno != EACCES) {
      report_and_exit(error_fd, ChildStep::seccomp_filter);
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      report_and_exit(error_fd, ChildStep::no_new_privs);
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, filter) != 0) {
      report_and_exit(error_fd, ChildStep::seccomp_filter);
    }
  }
  execv(path, argv);
  report_and_exit(error_fd, ChildStep::exec);
}

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw TraceError(TraceError::Kind::system, std::string("pipe2 failed: ") + std::strerror(errno));
  }
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

TraceError child_failure_error(const ChildFailure& failure, const std::string& command) {
  const std::string reason = std::strerror(failure.errno_value);
  switch (failure.step) {
    case ChildStep::no_new_privs:
      return TraceError(TraceError::Kind::seccomp_unavailable,
                        "cannot install the tracer's seccomp filter: prctl(PR_SET_NO_NEW_PRIVS) failed: " + reason +
                            "; run as root, or use `boxfit trace --errors`, which needs no filter");
    case ChildStep::seccomp_filter:
      return TraceError(TraceError::Kind::seccomp_unavailable,
                        "cannot install the tracer's seccomp filter: prctl(PR_SET_SECCOMP) failed: " + reason +
                            "; use a kernel built with CONFIG_SECCOMP_FILTER, or `boxfit trace --errors`, which needs "
                            "no filter");
    case ChildStep::redirect_stdout:
      return TraceError(TraceError::Kind::system, "cannot send the command's standard output to standard error: "
                                                  "dup2 failed: " + reason);
    case ChildStep::exec:
      break;
  }
  if (failure.errno_value == ENOENT) {
    return TraceError(TraceError::Kind::command_not_found,
                      "command not found: '" + command + "'; check the name and PATH");
  }
  return TraceError(TraceError::Kind::command_not_runnable, "cannot execute '" + command + "': " + reason);
}

}  // namespace

ChildProcess::ChildProcess(pid_t pid, std::string command, UniqueFd release_fd, UniqueFd error_fd,
                           struct sigaction saved_interrupt, struct sigaction saved_quit)
    : pid_(pid),
      command_(std::move(command)),
      release_fd_(std::move(release_fd)),
      error_fd_(std::move(error_fd)),
      saved_interrupt_(saved_interrupt),
      saved_quit_(saved_quit) {}

ChildProcess::~ChildProcess() {
  sigaction(SIGINT, &saved_interrupt_, nullptr);
  sigaction(SIGQUIT, &saved_quit_, nullptr);
}

void ChildProcess::release_to_exec() {
  const char byte = 1;
  if (write(release_fd_.get(), &byte, 1) != 1) {
    throw TraceError(TraceError::Kind::system,
                     std::string("cannot start the traced command: write failed: ") + std::strerror(errno));
  }
  release_fd_.reset();
}

void ChildProcess::kill_and_reap() {
  kill(pid_, SIGKILL);
  while (waitpid(pid_, nullptr, __WALL) < 0 && errno == EINTR) {
  }
}

void ChildProcess::throw_if_exec_failed() {
  ChildFailure failure{};
  ssize_t got = 0;
  do {
    got = read(error_fd_.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    throw child_failure_error(failure, command_);
  }
}

ChildProcess start_child(const std::string& path, const std::vector<std::string>& argv,
                         const std::vector<sock_filter>& filter, bool stdout_to_stderr) {
  // Everything the child needs is prepared before fork.
  std::vector<char*> child_argv;
  for (const std::string& argument : argv) {
    child_argv.push_back(const_cast<char*>(argument.c_str()));
  }
  child_argv.push_back(nullptr);
  sock_fprog program{static_cast<unsigned short>(filter.size()), const_cast<sock_filter*>(filter.data())};
  Pipe release = make_pipe();
  Pipe errors = make_pipe();

  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction saved_interrupt {};
  struct sigaction saved_quit {};
  sigaction(SIGINT, &ignore, &saved_interrupt);
  sigaction(SIGQUIT, &ignore, &saved_quit);

  const pid_t pid = fork();
  if (pid == 0) {
    run_child(path.c_str(), child_argv.data(), filter.empty() ? nullptr : &program, stdout_to_stderr,
              release.read_end.get(), errors.write_end.get(), saved_interrupt, saved_quit);
  }
  if (pid < 0) {
    const int saved_errno = errno;
    sigaction(SIGINT, &saved_interrupt, nullptr);
    sigaction(SIGQUIT, &saved_quit, nullptr);
    throw TraceError(TraceError::Kind::system, std::string("fork failed: ") + std::strerror(saved_errno));
  }
  return ChildProcess(pid, argv.front(), std::move(release.write_end), std::move(errors.read_end), saved_interrupt,
                      saved_quit);
}

}  // namespace box::trace
