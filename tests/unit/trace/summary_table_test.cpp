#include "trace/summary_table.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace box::trace {
namespace {

using seccomp::Abi;

TEST(SummaryTable, SortsAndTotals) {
  TraceResult result;
  result.add_call(Abi::x86_64, 0);
  for (int i = 0; i < 3; ++i) {
    result.add_call(Abi::x86_64, 257);
  }
  result.add_error(Abi::x86_64, 257, ENOENT);
  result.add_error(Abi::x86_64, 257, ENOENT);
  result.add_error(Abi::x86_64, 257, EACCES);
  result.add_call(Abi::i386, 286);
  result.add_error(Abi::i386, 286, EPERM);

  const std::string expected =
      "ABI x86_64\n"
      "    calls    errors  syscall              errors by errno\n"
      "--------- ---------  -------------------- ---------------\n"
      "        3         3  openat               EACCES 1, ENOENT 2\n"
      "        1            read\n"
      "--------- ---------  -------------------- ---------------\n"
      "        4         3  total\n"
      "\n"
      "ABI i386\n"
      "    calls    errors  syscall              errors by errno\n"
      "--------- ---------  -------------------- ---------------\n"
      "        1         1  add_key              EPERM 1\n"
      "--------- ---------  -------------------- ---------------\n"
      "        1         1  total\n";
  EXPECT_EQ(format_summary_table(result), expected);
}

TEST(SummaryTable, WithoutErrors) {
  TraceResult result;
  result.errors_recorded = false;
  result.add_call(Abi::x86_64, 0);
  result.add_call(Abi::x86_64, 257);
  result.add_call(Abi::x86_64, 257);

  const std::string expected =
      "ABI x86_64\n"
      "    calls  syscall\n"
      "---------  --------------------\n"
      "        2  openat\n"
      "        1  read\n"
      "---------  --------------------\n"
      "        3  total\n"
      "errors not recorded: trace with --errors to count failed calls by errno\n";
  EXPECT_EQ(format_summary_table(result), expected);
}

TEST(SummaryTable, EmptyTrace) { EXPECT_EQ(format_summary_table(TraceResult{}), "no syscalls recorded\n"); }

}  // namespace
}  // namespace box::trace
