#include "trace/trace_result.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace box::trace {
namespace {

using seccomp::Abi;

TEST(TraceResult, CountsCallsAndErrors) {
  TraceResult result;
  result.add_call(Abi::x86_64, 248);
  result.add_call(Abi::x86_64, 248);
  result.add_error(Abi::x86_64, 248, EPERM);
  result.add_call(Abi::i386, 286);

  const SyscallStats* add_key = result.find(Abi::x86_64, "add_key");
  ASSERT_NE(add_key, nullptr);
  EXPECT_EQ(add_key->number, 248);
  EXPECT_EQ(add_key->count, 2u);
  EXPECT_EQ(add_key->errors.at("EPERM"), 1u);
  const SyscallStats* add_key_i386 = result.find(Abi::i386, "add_key");
  ASSERT_NE(add_key_i386, nullptr);
  EXPECT_EQ(add_key_i386->number, 286);
  EXPECT_EQ(result.total_calls(), 3u);
  EXPECT_EQ(result.find(Abi::x32, "add_key"), nullptr);
}

TEST(TraceResult, ArgSetsCappedAndTruncated) {
  TraceResult result;
  for (uint64_t i = 0; i < kMaxArgSets + 10; ++i) {
    result.add_call(Abi::x86_64, 41);
    result.add_arg_set(Abi::x86_64, 41, {i, 1, 0, 0, 0, 0});
  }
  result.add_arg_set(Abi::x86_64, 41, {0, 1, 0, 0, 0, 0});

  const SyscallStats* socket = result.find(Abi::x86_64, "socket");
  ASSERT_NE(socket, nullptr);
  EXPECT_EQ(socket->arg_sets.size(), kMaxArgSets);
  EXPECT_TRUE(socket->arg_sets_truncated);
  EXPECT_EQ(socket->arg_sets.at({0, 1, 0, 0, 0, 0}), 2u);
}

TEST(TraceResult, MergeAddsCounts) {
  TraceResult first;
  first.command = {"first"};
  first.exit_code = 3;
  first.add_call(Abi::x86_64, 41);
  first.add_arg_set(Abi::x86_64, 41, {40, 1, 0, 0, 0, 0});
  first.add_error(Abi::x86_64, 41, EPERM);

  TraceResult second;
  second.command = {"second"};
  second.add_call(Abi::x86_64, 41);
  second.add_arg_set(Abi::x86_64, 41, {40, 1, 0, 0, 0, 0});
  second.add_call(Abi::x86_64, 41);
  second.add_arg_set(Abi::x86_64, 41, {2, 1, 0, 0, 0, 0});
  second.add_error(Abi::x86_64, 41, EAFNOSUPPORT);
  second.add_call(Abi::i386, 286);

  merge(first, second);

  const SyscallStats* socket = first.find(Abi::x86_64, "socket");
  ASSERT_NE(socket, nullptr);
  EXPECT_EQ(socket->count, 3u);
  EXPECT_EQ(socket->errors.at("EPERM"), 1u);
  EXPECT_EQ(socket->errors.at("EAFNOSUPPORT"), 1u);
  EXPECT_EQ(socket->arg_sets.at({40, 1, 0, 0, 0, 0}), 2u);
  EXPECT_EQ(socket->arg_sets.at({2, 1, 0, 0, 0, 0}), 1u);
  ASSERT_NE(first.find(Abi::i386, "add_key"), nullptr);
  EXPECT_EQ(first.command, std::vector<std::string>{"first"});
  EXPECT_EQ(first.exit_code, 3);
  EXPECT_TRUE(first.errors_recorded);
}

TEST(TraceResult, MergeWithoutErrors) {
  TraceResult first;
  TraceResult second;
  second.errors_recorded = false;
  merge(first, second);
  EXPECT_FALSE(first.errors_recorded);
  merge(second, TraceResult{});
  EXPECT_FALSE(second.errors_recorded);
}

TEST(TraceResult, MergeKeepsCapAndFlag) {
  TraceResult first;
  TraceResult second;
  for (uint64_t i = 0; i < kMaxArgSets; ++i) {
    first.add_call(Abi::x86_64, 56);
    first.add_arg_set(Abi::x86_64, 56, {i, 0, 0, 0, 0, 0});
    second.add_call(Abi::x86_64, 56);
    second.add_arg_set(Abi::x86_64, 56, {i + kMaxArgSets, 0, 0, 0, 0, 0});
  }
  ASSERT_FALSE(first.find(Abi::x86_64, "clone")->arg_sets_truncated);

  merge(first, second);

  const SyscallStats* clone = first.find(Abi::x86_64, "clone");
  EXPECT_EQ(clone->count, 2 * kMaxArgSets);
  EXPECT_EQ(clone->arg_sets.size(), kMaxArgSets);
  EXPECT_TRUE(clone->arg_sets_truncated);
}

}  // namespace
}  // namespace box::trace
