// Fast mode: a seccomp filter lets the allowed syscalls run without a ptrace stop.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <cerrno>

#include "fixture_support.h"
#include "trace/tracer.h"

namespace box::trace {
namespace {

using seccomp::Abi;
using testing::CapturedStdout;
using testing::fixture;
using testing::syscall_names;

// Returns every syscall a full trace of `argv` saw, minus `stopped` (ABI, name) pairs.
std::map<Abi, std::set<int>> allow_all_but(const std::vector<std::string>& argv,
                                           const std::set<std::pair<Abi, std::string>>& stopped) {
  TraceOptions options;
  options.argv = argv;
  const TraceResult full = run_traced(options);
  std::map<Abi, std::set<int>> allow;
  for (const auto& [abi, abi_stats] : full.abis) {
    for (const auto& [number, stats] : abi_stats) {
      if (stopped.count({abi, stats.name}) == 0) {
        allow[abi].insert(number);
      }
    }
  }
  return allow;
}

TEST(FastMode, StopsOnlyOutsideAllowSet) {
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.allow_without_stop = allow_all_but(options.argv, {{Abi::x86_64, "add_key"}, {Abi::x86_64, "keyctl"}});
  uint64_t stops = 0;
  options.decide = [&stops](const SyscallEvent&) {
    ++stops;
    return 0;
  };
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::x86_64), (std::set<std::string>{"add_key", "keyctl"}));
  EXPECT_EQ(result.find(Abi::x86_64, "add_key")->count, 1u);
  EXPECT_EQ(result.find(Abi::x86_64, "keyctl")->count, 1u);
  EXPECT_EQ(stops, 2u);
}

TEST(FastMode, FollowsThreadAndFork) {
  TraceOptions options;
  options.argv = {fixture("threads_fork")};
  options.allow_without_stop =
      allow_all_but(options.argv, {{Abi::x86_64, "sched_yield"}, {Abi::x86_64, "getppid"}});
  // futex appears only when the threads happen to contend, so the earlier run may not have seen it.
  options.allow_without_stop[Abi::x86_64].insert(SYS_futex);
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::x86_64), (std::set<std::string>{"getppid", "sched_yield"}));
  EXPECT_EQ(result.find(Abi::x86_64, "sched_yield")->count, 1u);
  EXPECT_EQ(result.find(Abi::x86_64, "getppid")->count, 1u);
}

TEST(FastMode, RecordsErrors) {
  TraceOptions options;
  options.argv = {fixture("tracee"), "enoent"};
  options.allow_without_stop = allow_all_but(options.argv, {{Abi::x86_64, "openat"}});
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::x86_64), (std::set<std::string>{"openat"}));
  EXPECT_EQ(result.find(Abi::x86_64, "openat")->errors.at("ENOENT"), 1u);
}

TEST(FastMode, DecideInjectsEperm) {
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.allow_without_stop = allow_all_but(options.argv, {{Abi::x86_64, "add_key"}});
  options.decide = [](const SyscallEvent& event) { return event.number == 248 ? EPERM : 0; };
  CapturedStdout output;
  const TraceResult result = run_traced(options);

  EXPECT_EQ(output.text(), "add_key failed: EPERM\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.find(Abi::x86_64, "add_key")->errors.at("EPERM"), 1u);
}

TEST(FastMode, I386Keyring) {
  TraceOptions options;
  options.argv = {fixture("keyring_i386")};
  options.allow_without_stop = allow_all_but(options.argv, {{Abi::i386, "add_key"}, {Abi::i386, "keyctl"}});
  ASSERT_EQ(options.allow_without_stop.at(Abi::i386).count(286), 0u);
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::i386), (std::set<std::string>{"add_key", "keyctl"}));
  EXPECT_EQ(syscall_names(result, Abi::x86_64), std::set<std::string>{});
}

TEST(FastMode, I386DecideInjectsEperm) {
  TraceOptions options;
  options.argv = {fixture("keyring_i386")};
  options.allow_without_stop = allow_all_but(options.argv, {{Abi::i386, "add_key"}});
  options.decide = [](const SyscallEvent& event) { return event.abi == Abi::i386 && event.number == 286 ? EPERM : 0; };
  CapturedStdout output;
  const TraceResult result = run_traced(options);

  EXPECT_EQ(output.text(), "add_key failed: EPERM\n");
  EXPECT_EQ(result.exit_code, 1);
}

}  // namespace
}  // namespace box::trace
