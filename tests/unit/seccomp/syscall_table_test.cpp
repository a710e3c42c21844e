// Syscall tables: numbers checked against the Linux 6.1 UAPI headers by hand.
#include <gtest/gtest.h>

#include "seccomp/errors.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

TEST(SyscallTable, X86_64Numbers) {
  const auto& table = syscall_table(Abi::x86_64);
  EXPECT_EQ(table.number("read"), 0);
  EXPECT_EQ(table.number("keyctl"), 250);
  EXPECT_EQ(table.number("clone3"), 435);
  EXPECT_EQ(table.name(248), "add_key");
  EXPECT_FALSE(table.number("socketcall").has_value());
}

TEST(SyscallTable, I386Numbers) {
  const auto& table = syscall_table(Abi::i386);
  EXPECT_EQ(table.number("socketcall"), 102);
  EXPECT_EQ(table.number("keyctl"), 288);
  EXPECT_EQ(table.number("socket"), 359);
}

TEST(SyscallTable, X32NumbersWithoutBit) {
  const auto& table = syscall_table(Abi::x32);
  EXPECT_EQ(table.number("keyctl"), 250);
  EXPECT_EQ(table.number("ptrace"), 521);
}

TEST(SyscallTable, Aarch64Numbers) {
  const auto& table = syscall_table(Abi::aarch64);
  EXPECT_EQ(table.number("keyctl"), 219);
  EXPECT_EQ(table.number("fstat"), 80);
  EXPECT_EQ(table.number("newfstatat"), 79);
  EXPECT_EQ(table.number("mmap"), 222);
  EXPECT_FALSE(table.number("open").has_value());
}

TEST(SyscallTable, RejectsBadLine) {
  try {
    SyscallTable::parse("# comment\n12\tread\nx\twrite\n", "test.tsv");
    FAIL() << "expected DataError";
  } catch (const DataError& error) {
    EXPECT_STREQ(error.what(), "test.tsv:3: invalid line \"x\twrite\", expected \"number<TAB>name\"");
  }
}

}  // namespace
}  // namespace box::seccomp
