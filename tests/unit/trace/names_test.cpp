#include "trace/names.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

namespace box::trace {
namespace {

using seccomp::Abi;

TEST(Names, SyscallPerAbi) {
  EXPECT_EQ(syscall_name(Abi::x86_64, 248), "add_key");
  EXPECT_EQ(syscall_name(Abi::x86_64, 250), "keyctl");
  EXPECT_EQ(syscall_name(Abi::i386, 286), "add_key");
  EXPECT_EQ(syscall_name(Abi::i386, 288), "keyctl");
  EXPECT_EQ(syscall_name(Abi::x32, 0), "read");
  EXPECT_EQ(syscall_name(Abi::aarch64, 217), "add_key");
}

TEST(Names, UnknownSyscall) { EXPECT_EQ(syscall_name(Abi::x86_64, 9999), "syscall_9999"); }

TEST(Names, Errno) {
  EXPECT_EQ(errno_name(EPERM), "EPERM");
  EXPECT_EQ(errno_name(ENOSYS), "ENOSYS");
  EXPECT_EQ(errno_name(512), "ERESTARTSYS");
  EXPECT_EQ(errno_name(9999), "E9999");
}

TEST(Names, SignalRoundTrip) {
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(SIGTERM), "SIGTERM");
  EXPECT_EQ(signal_name(SIGRTMIN + 1), "SIGRTMIN+1");
  for (int number = 1; number < NSIG; ++number) {
    EXPECT_EQ(parse_signal(signal_name(number)), number) << signal_name(number);
  }
  EXPECT_FALSE(parse_signal("SIGNOPE").has_value());
}

}  // namespace
}  // namespace box::trace
