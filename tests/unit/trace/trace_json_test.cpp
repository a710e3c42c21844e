#include "trace/trace_json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>

#include "trace/error.h"

namespace box::trace {
namespace {

using json = nlohmann::ordered_json;
using seccomp::Abi;

TraceResult sample_result() {
  TraceResult result;
  result.command = {"prog", "--flag", "two words"};
  result.exit_code = 3;
  result.add_call(Abi::x86_64, 41);
  result.add_arg_set(Abi::x86_64, 41, {40, 1, 0, 0, 0, std::numeric_limits<uint64_t>::max()});
  result.add_error(Abi::x86_64, 41, EAFNOSUPPORT);
  result.add_call(Abi::x86_64, 0);
  result.add_call(Abi::i386, 286);
  result.add_error(Abi::i386, 286, EPERM);
  result.abis[Abi::x86_64][41].arg_sets_truncated = true;
  return result;
}

void expect_same(const TraceResult& left, const TraceResult& right) {
  EXPECT_EQ(left.command, right.command);
  EXPECT_EQ(left.exit_code, right.exit_code);
  EXPECT_EQ(left.signal, right.signal);
  ASSERT_EQ(left.abis.size(), right.abis.size());
  for (const auto& [abi, abi_stats] : left.abis) {
    const AbiStats& other = right.abis.at(abi);
    ASSERT_EQ(abi_stats.size(), other.size());
    for (const auto& [number, stats] : abi_stats) {
      const SyscallStats& other_stats = other.at(number);
      EXPECT_EQ(stats.name, other_stats.name);
      EXPECT_EQ(stats.number, other_stats.number);
      EXPECT_EQ(stats.count, other_stats.count);
      EXPECT_EQ(stats.errors, other_stats.errors);
      EXPECT_EQ(stats.arg_sets, other_stats.arg_sets);
      EXPECT_EQ(stats.arg_sets_truncated, other_stats.arg_sets_truncated);
    }
  }
}

std::string invalid_message(const std::string& text) {
  try {
    from_json(json::parse(text));
  } catch (const TraceError& error) {
    EXPECT_EQ(error.kind(), TraceError::Kind::invalid_trace_file);
    return error.what();
  }
  return "no error";
}

TEST(TraceJson, RoundTrip) {
  const TraceResult original = sample_result();
  const TraceResult copy = from_json(json::parse(to_json(original).dump()));
  expect_same(original, copy);
}

TEST(TraceJson, SignalRoundTrip) {
  TraceResult original;
  original.command = {"crash"};
  original.signal = SIGSEGV;
  original.exit_code = 128 + SIGSEGV;
  const json document = to_json(original);
  EXPECT_EQ(document["signal"], "SIGSEGV");
  EXPECT_FALSE(document.contains("exit_code"));
  expect_same(original, from_json(document));
}

TEST(TraceJson, WithoutErrors) {
  TraceResult original = sample_result();
  original.errors_recorded = false;
  const json document = to_json(original);
  EXPECT_EQ(document["errors_recorded"], false);
  EXPECT_FALSE(document["abis"]["x86_64"]["syscalls"][0].contains("errors"));
  EXPECT_FALSE(from_json(document).errors_recorded);
  EXPECT_FALSE(to_json(sample_result()).contains("errors_recorded"));
  EXPECT_TRUE(from_json(to_json(sample_result())).errors_recorded);
}

TEST(TraceJson, DocumentShape) {
  const json document = to_json(sample_result());
  EXPECT_EQ(document["format"], "boxfit-trace");
  EXPECT_EQ(document["version"], 1);
  EXPECT_EQ(document["exit_code"], 3);
  const json& socket = document["abis"]["x86_64"]["syscalls"][1];
  EXPECT_EQ(socket["name"], "socket");
  EXPECT_EQ(socket["number"], 41);
  EXPECT_EQ(socket["count"], 1);
  EXPECT_EQ(socket["errors"]["EAFNOSUPPORT"], 1);
  EXPECT_EQ(socket["arg_sets"][0]["args"][0], 40);
  EXPECT_EQ(socket["arg_sets"][0]["args"][5].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(socket["arg_sets"][0]["count"], 1);
  EXPECT_EQ(socket["arg_sets_truncated"], true);
  const json& read = document["abis"]["x86_64"]["syscalls"][0];
  EXPECT_FALSE(read.contains("arg_sets"));
  EXPECT_EQ(document["abis"]["i386"]["syscalls"][0]["name"], "add_key");
  EXPECT_EQ(document["abis"]["i386"]["syscalls"][0]["number"], 286);
}

TEST(TraceJson, RejectsWrongFormat) {
  EXPECT_EQ(invalid_message(R"({"format": "strace", "version": 1})"),
            "invalid trace JSON at $.format: expected \"boxfit-trace\", found \"strace\"");
}

TEST(TraceJson, RejectsNewerVersion) {
  EXPECT_EQ(invalid_message(R"({"format": "boxfit-trace", "version": 2})"),
            "invalid trace JSON at $.version: version 2 is not supported; this boxfit reads version 1");
}

TEST(TraceJson, RejectsMissingCount) {
  const std::string text = R"({"format": "boxfit-trace", "version": 1, "command": [], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [{"name": "read", "number": 0}]}}})";
  EXPECT_EQ(invalid_message(text), "invalid trace JSON at $.abis.x86_64.syscalls[0]: missing \"count\"");
}

TEST(TraceJson, RejectsNegativeCount) {
  const std::string text = R"({"format": "boxfit-trace", "version": 1, "command": [], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [{"name": "read", "number": 0, "count": -1}]}}})";
  EXPECT_EQ(invalid_message(text),
            "invalid trace JSON at $.abis.x86_64.syscalls[0].count: expected a non-negative integer, found -1");
}

TEST(TraceJson, RejectsUnknownAbi) {
  const std::string text = R"({"format": "boxfit-trace", "version": 1, "command": [], "exit_code": 0,
    "abis": {"mips": {"syscalls": []}}})";
  EXPECT_EQ(invalid_message(text),
            "invalid trace JSON at $.abis.mips: unknown ABI \"mips\"; expected x86_64, i386, x32 or aarch64");
}

TEST(TraceJson, RejectsShortArgs) {
  const std::string text = R"({"format": "boxfit-trace", "version": 1, "command": [], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [{"name": "socket", "number": 41, "count": 1,
    "arg_sets": [{"args": [40, 1], "count": 1}]}]}}})";
  EXPECT_EQ(invalid_message(text),
            "invalid trace JSON at $.abis.x86_64.syscalls[0].arg_sets[0].args: expected an array of 6 unsigned "
            "integers");
}

TEST(TraceJson, RejectsDuplicateNumber) {
  const std::string text = R"({"format": "boxfit-trace", "version": 1, "command": [], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [{"name": "read", "number": 0, "count": 1},
                                     {"name": "read", "number": 0, "count": 2}]}}})";
  EXPECT_EQ(invalid_message(text),
            "invalid trace JSON at $.abis.x86_64.syscalls[1].number: syscall number 0 appears twice");
}

TEST(TraceJson, RejectsUnknownSignal) {
  const std::string text =
      R"({"format": "boxfit-trace", "version": 1, "command": [], "signal": "SIGNOPE", "abis": {}})";
  EXPECT_EQ(invalid_message(text),
            "invalid trace JSON at $.signal: expected a signal name such as \"SIGSEGV\", found \"SIGNOPE\"");
}

TEST(TraceJson, RejectsNonBooleanErrorsRecorded) {
  const std::string text =
      R"({"format": "boxfit-trace", "version": 1, "command": [], "errors_recorded": "no", "exit_code": 0, "abis": {}})";
  EXPECT_EQ(invalid_message(text), "invalid trace JSON at $.errors_recorded: expected true or false");
}

class TraceFile : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("trace_json_test." + std::to_string(getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path directory_;
};

TEST_F(TraceFile, WriteThenRead) {
  const std::string path = (directory_ / "trace.json").string();
  write_trace_file(path, sample_result());
  expect_same(sample_result(), read_trace_file(path));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory_), std::filesystem::directory_iterator()),
            1);
}

TEST_F(TraceFile, ReadNamesFile) {
  const std::string path = (directory_ / "broken.json").string();
  std::ofstream(path) << "{\"format\": ";
  try {
    read_trace_file(path);
    FAIL() << "read_trace_file accepted truncated JSON";
  } catch (const TraceError& error) {
    EXPECT_EQ(error.kind(), TraceError::Kind::invalid_trace_file);
    EXPECT_NE(std::string(error.what()).find("trace file '" + path + "' is not valid JSON"), std::string::npos)
        << error.what();
  }
}

TEST_F(TraceFile, MissingFile) {
  const std::string path = (directory_ / "absent.json").string();
  try {
    read_trace_file(path);
    FAIL() << "read_trace_file accepted a missing file";
  } catch (const TraceError& error) {
    EXPECT_EQ(std::string(error.what()), "cannot open trace file '" + path + "': No such file or directory");
  }
}

TEST_F(TraceFile, WriteFailureLeavesNothing) {
  const std::string path = (directory_ / "missing-dir" / "trace.json").string();
  EXPECT_THROW(write_trace_file(path, sample_result()), TraceError);
  EXPECT_FALSE(std::filesystem::exists(directory_ / "missing-dir"));
}

}  // namespace
}  // namespace box::trace
