#include "trace/tracer.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <csignal>

#include "fixture_support.h"
#include "trace/error.h"

namespace box::trace {
namespace {

using seccomp::Abi;
using testing::CapturedStdout;
using testing::fixture;

uint64_t count(const TraceResult& result, Abi abi, std::string_view name) {
  const SyscallStats* stats = result.find(abi, name);
  return stats == nullptr ? 0 : stats->count;
}

uint64_t errors(const TraceResult& result, Abi abi, std::string_view name, const std::string& errno_name) {
  const SyscallStats* stats = result.find(abi, name);
  if (stats == nullptr) {
    return 0;
  }
  auto found = stats->errors.find(errno_name);
  return found == stats->errors.end() ? 0 : found->second;
}

// Each case runs twice: with errors recorded (PTRACE_SYSCALL stops every call at entry and
// exit) and without (a seccomp filter stops every call once, at entry).
class Tracer : public ::testing::TestWithParam<bool> {
 protected:
  TraceResult trace(std::vector<std::string> argv) {
    TraceOptions options;
    options.argv = std::move(argv);
    options.argument_sensitive = default_argument_sensitive();
    options.record_errors = GetParam();
    return run_traced(options);
  }
};

INSTANTIATE_TEST_SUITE_P(Stops, Tracer, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& stops) {
                           return stops.param ? "EntryAndExit" : "EntryOnly";
                         });

TEST_P(Tracer, KeyringCalls) {
  const TraceResult result = trace({fixture("keyring")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_FALSE(result.signal.has_value());
  EXPECT_GE(count(result, Abi::x86_64, "add_key"), 1u);
  EXPECT_GE(count(result, Abi::x86_64, "keyctl"), 1u);
  EXPECT_EQ(result.find(Abi::x86_64, "add_key")->number, 248);
  // Counting starts at the command's execve: the tracer's own child setup is not counted.
  EXPECT_EQ(count(result, Abi::x86_64, "execve"), 1u);
  EXPECT_EQ(count(result, Abi::x86_64, "read"), 0u);
  EXPECT_EQ(result.abis.count(Abi::i386), 0u);
}

TEST_P(Tracer, KeyringI386) {
  const TraceResult result = trace({fixture("keyring_i386")});
  EXPECT_EQ(result.exit_code, 0);
  ASSERT_NE(result.find(Abi::i386, "add_key"), nullptr);
  EXPECT_EQ(result.find(Abi::i386, "add_key")->number, 286);
  EXPECT_EQ(count(result, Abi::i386, "add_key"), 1u);
  EXPECT_EQ(count(result, Abi::i386, "keyctl"), 1u);
  EXPECT_EQ(result.find(Abi::i386, "keyctl")->number, 288);
  EXPECT_EQ(count(result, Abi::x86_64, "add_key"), 0u);
  // The exec happens in the 64-bit child before the i386 image runs.
  EXPECT_EQ(count(result, Abi::x86_64, "execve"), 1u);
}

TEST_P(Tracer, IoUringSetup) {
  const TraceResult result = trace({fixture("io_uring_setup")});
  EXPECT_EQ(count(result, Abi::x86_64, "io_uring_setup"), 1u);
}

TEST_P(Tracer, Unshare) {
  const TraceResult result = trace({fixture("unshare")});
  EXPECT_EQ(count(result, Abi::x86_64, "unshare"), 1u);
}

TEST_P(Tracer, VsockArguments) {
  const TraceResult result = trace({fixture("vsock")});
  const SyscallStats* socket = result.find(Abi::x86_64, "socket");
  ASSERT_NE(socket, nullptr);
  EXPECT_EQ(socket->count, 1u);
  const SyscallArgs expected{40, SOCK_STREAM, 0, 0, 0, 0};
  ASSERT_EQ(socket->arg_sets.size(), 1u);
  const SyscallArgs& seen = socket->arg_sets.begin()->first;
  EXPECT_EQ(seen[0], expected[0]);
  EXPECT_EQ(seen[1], expected[1]);
  EXPECT_EQ(seen[2], expected[2]);
}

TEST_P(Tracer, NoArgsWhenNotSensitive) {
  const TraceResult result = trace({fixture("keyring")});
  EXPECT_TRUE(result.find(Abi::x86_64, "add_key")->arg_sets.empty());
}

TEST_P(Tracer, ThreadAndForkFollowed) {
  const TraceResult result = trace({fixture("threads_fork")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(count(result, Abi::x86_64, "sched_yield"), 1u);  // called by the thread
  EXPECT_EQ(count(result, Abi::x86_64, "getppid"), 1u);      // called by the forked child
  EXPECT_GE(count(result, Abi::x86_64, "clone3"), 1u);
  EXPECT_GE(count(result, Abi::x86_64, "clone"), 1u);
  EXPECT_EQ(count(result, Abi::x86_64, "exit_group"), 2u);  // parent and child
  EXPECT_FALSE(result.find(Abi::x86_64, "clone")->arg_sets.empty());
}

TEST_P(Tracer, ThreadAndForkI386) {
  const TraceResult result = trace({fixture("threads_fork_i386")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(count(result, Abi::i386, "sched_yield"), 1u);
  EXPECT_EQ(count(result, Abi::i386, "getppid"), 1u);
}

TEST_P(Tracer, ErrorRecorded) {
  const TraceResult result = trace({fixture("tracee"), "enoent"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.errors_recorded, GetParam());
  EXPECT_EQ(count(result, Abi::x86_64, "openat"), 1u);
  EXPECT_EQ(errors(result, Abi::x86_64, "openat", "ENOENT"), GetParam() ? 1u : 0u);
}

TEST_P(Tracer, EveryCallCounted) {
  const TraceResult result = trace({fixture("tracee"), "loop", "2500"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(count(result, Abi::x86_64, "getppid"), 2500u);
}

TEST_P(Tracer, ExitCodePropagated) {
  const TraceResult result = trace({fixture("tracee"), "exit", "42"});
  EXPECT_EQ(result.exit_code, 42);
  EXPECT_FALSE(result.signal.has_value());
}

TEST_P(Tracer, KilledBySignal) {
  const TraceResult result = trace({fixture("tracee"), "kill-self"});
  ASSERT_TRUE(result.signal.has_value());
  EXPECT_EQ(*result.signal, SIGTERM);
  EXPECT_EQ(result.exit_code, 128 + SIGTERM);
}

TEST_P(Tracer, SignalDelivered) {
  const TraceResult result = trace({fixture("tracee"), "handler"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_GE(count(result, Abi::x86_64, "rt_sigreturn"), 1u);
}

TEST_P(Tracer, GroupStopKept) {
  const TraceResult result = trace({fixture("tracee"), "stop-cont"});
  EXPECT_EQ(result.exit_code, 0);
}

TEST_P(Tracer, ExecFromThread) {
  const TraceResult result = trace({fixture("tracee"), "exec-thread"});
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(count(result, Abi::x86_64, "execve"), 2u);
}

TEST_P(Tracer, VforkExec) {
  const TraceResult result = trace({fixture("tracee"), "vfork-exec"});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(count(result, Abi::x86_64, "vfork"), 1u);
  EXPECT_EQ(count(result, Abi::x86_64, "execve"), 2u);
}

TEST_P(Tracer, DaemonFollowed) {
  const TraceResult result = trace({fixture("tracee"), "daemon"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(count(result, Abi::x86_64, "setsid"), 1u);
  EXPECT_EQ(count(result, Abi::x86_64, "times"), 1u);  // called by the grandchild 200 ms later
}

TEST_P(Tracer, CommandNotFound) {
  try {
    trace({"/nonexistent/boxfit-command"});
    FAIL() << "run_traced ran a missing command";
  } catch (const TraceError& error) {
    EXPECT_EQ(error.kind(), TraceError::Kind::command_not_found);
    EXPECT_EQ(std::string(error.what()),
              "command not found: '/nonexistent/boxfit-command'; check the name and PATH");
  }
}

TEST_P(Tracer, CommandNotExecutable) {
  try {
    trace({BOXFIT_FIXTURE_DIR});
    FAIL() << "run_traced executed a directory";
  } catch (const TraceError& error) {
    EXPECT_EQ(error.kind(), TraceError::Kind::command_not_runnable);
  }
}

TEST_P(Tracer, DecideInjectsEperm) {
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.record_errors = GetParam();
  int decisions = 0;
  options.decide = [&decisions](const SyscallEvent& event) {
    ++decisions;
    return event.abi == Abi::x86_64 && event.number == 248 ? EPERM : 0;
  };
  CapturedStdout output;
  const TraceResult result = run_traced(options);
  EXPECT_EQ(output.text(), "add_key failed: EPERM\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(errors(result, Abi::x86_64, "add_key", "EPERM"), 1u);
  EXPECT_EQ(count(result, Abi::x86_64, "keyctl"), 0u);
  EXPECT_EQ(static_cast<uint64_t>(decisions), result.total_calls());
}

TEST_P(Tracer, DecideInjectsEpermI386) {
  TraceOptions options;
  options.argv = {fixture("keyring_i386")};
  options.record_errors = GetParam();
  options.decide = [](const SyscallEvent& event) {
    return event.abi == Abi::i386 && event.number == 288 ? EACCES : 0;
  };
  CapturedStdout output;
  const TraceResult result = run_traced(options);
  EXPECT_EQ(output.text(), "keyctl failed: EACCES\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(errors(result, Abi::i386, "keyctl", "EACCES"), 1u);
}

}  // namespace
}  // namespace box::trace
