// Environment errors, provoked with a real seccomp filter in a forked test process.
#include <gtest/gtest.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

#include "fixture_support.h"
#include "trace/error.h"
#include "trace/tracer.h"

namespace box::trace {
namespace {

using testing::fixture;

struct ChildOutcome {
  int exit_status = -1;
  std::string message;
};

// Loads a default-allow filter with `add_rules`, runs `options`, and exits with the
// TraceError kind + 10 (0 without an error) after writing the message to `message_fd`.
[[noreturn]] void trace_in_child(const std::function<void(scmp_filter_ctx)>& add_rules, const TraceOptions& options,
                                 int message_fd) {
  scmp_filter_ctx context = seccomp_init(SCMP_ACT_ALLOW);
  if (context == nullptr) {
    _exit(2);
  }
  add_rules(context);
  if (seccomp_load(context) != 0) {
    _exit(2);
  }

  int status = 0;
  try {
    run_traced(options);
  } catch (const TraceError& error) {
    const std::string message = error.what();
    [[maybe_unused]] ssize_t written = write(message_fd, message.data(), message.size());
    status = static_cast<int>(error.kind()) + 10;
  }
  _exit(status);
}

// Runs trace_in_child in a forked process, so the filter stays out of the test process.
ChildOutcome trace_under_filter(const std::function<void(scmp_filter_ctx)>& add_rules, const TraceOptions& options) {
  int fds[2];
  if (pipe(fds) != 0) {
    return {};
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    trace_in_child(add_rules, options, fds[1]);
  }
  close(fds[1]);

  ChildOutcome outcome;
  char buffer[512];
  ssize_t got = 0;
  while ((got = read(fds[0], buffer, sizeof buffer)) > 0) {
    outcome.message.append(buffer, static_cast<std::size_t>(got));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  outcome.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

TEST(TracerErrors, PtraceNotPermitted) {
  TraceOptions options;
  options.argv = {fixture("keyring")};
  const ChildOutcome outcome = trace_under_filter(
      [](scmp_filter_ctx context) { seccomp_rule_add(context, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 0); },
      options);

  EXPECT_EQ(outcome.exit_status, static_cast<int>(TraceError::Kind::ptrace_not_permitted) + 10);
  EXPECT_EQ(outcome.message.rfind("ptrace is not permitted", 0), 0u) << outcome.message;
}

TEST(TracerErrors, SeccompUnavailable) {
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.allow_without_stop[seccomp::Abi::x86_64] = {0, 1};
  const ChildOutcome outcome = trace_under_filter(
      [](scmp_filter_ctx context) {
        seccomp_rule_add(context, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
      },
      options);

  EXPECT_EQ(outcome.exit_status, static_cast<int>(TraceError::Kind::seccomp_unavailable) + 10);
  EXPECT_EQ(outcome.message,
            "cannot install the tracer's seccomp filter: prctl(PR_SET_SECCOMP) failed: Invalid argument; use a "
            "kernel built with CONFIG_SECCOMP_FILTER, or `boxfit trace --errors`, which needs no filter");
}

}  // namespace
}  // namespace box::trace
