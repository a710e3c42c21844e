// `boxfit trace` as a user runs it: exit status, table on stderr, JSON file.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixture_support.h"
#include "trace/trace_json.h"

namespace box::trace {
namespace {

using testing::fixture;

class TraceCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("trace_command_test." + std::to_string(getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Runs boxfit with `arguments` (shell words) and, when `path` is set, that PATH. Stores stderr and returns
  // the exit status.
  int run_boxfit(const std::string& arguments, const std::string& path = "") {
    const std::filesystem::path stderr_path = directory_ / "stderr.txt";
    const std::string environment = path.empty() ? "" : "PATH='" + path + "' ";
    const std::string command =
        environment + std::string(BOXFIT_BINARY) + " " + arguments + " > /dev/null 2> " + stderr_path.string();
    const int status = std::system(command.c_str());
    std::ifstream input(stderr_path);
    std::stringstream text;
    text << input.rdbuf();
    stderr_ = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::filesystem::path directory_;
  std::string stderr_;
};

TEST_F(TraceCommand, WritesJsonAndTable) {
  const std::string output = (directory_ / "keyring.json").string();
  EXPECT_EQ(run_boxfit("trace -o " + output + " -- " + fixture("keyring")), 0);

  const TraceResult result = read_trace_file(output);
  EXPECT_EQ(result.command, std::vector<std::string>{fixture("keyring")});
  EXPECT_EQ(result.exit_code, 0);
  ASSERT_NE(result.find(seccomp::Abi::x86_64, "add_key"), nullptr);
  EXPECT_FALSE(result.errors_recorded);
  EXPECT_NE(stderr_.find("ABI x86_64\n"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("\n        1  add_key\n"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("\nerrors not recorded: trace with --errors to count failed calls by errno\n"),
            std::string::npos)
      << stderr_;
}

TEST_F(TraceCommand, ErrorsFlag) {
  const std::string output = (directory_ / "enoent.json").string();
  EXPECT_EQ(run_boxfit("trace --errors -o " + output + " -- " + fixture("tracee") + " enoent"), 0);

  const TraceResult result = read_trace_file(output);
  EXPECT_TRUE(result.errors_recorded);
  ASSERT_NE(result.find(seccomp::Abi::x86_64, "openat"), nullptr);
  EXPECT_EQ(result.find(seccomp::Abi::x86_64, "openat")->errors.at("ENOENT"), 1u);
  EXPECT_NE(stderr_.find("        1         1  openat               ENOENT 1\n"), std::string::npos) << stderr_;
  EXPECT_EQ(stderr_.find("errors not recorded"), std::string::npos) << stderr_;
}

TEST_F(TraceCommand, ExitStatusOfCommand) {
  const std::string output = (directory_ / "exit.json").string();
  EXPECT_EQ(run_boxfit("trace -o " + output + " -- " + fixture("tracee") + " exit 7"), 7);
  EXPECT_EQ(read_trace_file(output).exit_code, 7);
}

TEST_F(TraceCommand, CommandOptionsWithoutDashes) {
  const std::string output = (directory_ / "no-dashes.json").string();
  EXPECT_EQ(run_boxfit("trace -o " + output + " " + fixture("tracee") + " exit 9 -o"), 9);
  EXPECT_EQ(read_trace_file(output).command,
            (std::vector<std::string>{fixture("tracee"), "exit", "9", "-o"}));
}

TEST_F(TraceCommand, SignalExitStatus) {
  const std::string output = (directory_ / "signal.json").string();
  EXPECT_EQ(run_boxfit("trace -o " + output + " -- " + fixture("tracee") + " kill-self"), 128 + SIGTERM);
  std::ifstream input(output);
  const auto document = nlohmann::json::parse(input);
  EXPECT_EQ(document["signal"], "SIGTERM");
}

TEST_F(TraceCommand, CommandNotFound) {
  EXPECT_EQ(run_boxfit("trace -- /nonexistent/boxfit-command"), 127);
  EXPECT_EQ(stderr_,
            "boxfit trace: command not found: '/nonexistent/boxfit-command'; check the name and PATH\n");
}

// PATH lists a missing folder, a folder whose file of that name is not executable, then the fixture's folder:
// boxfit skips the first two before forking, so the trace holds one execve and it succeeded.
TEST_F(TraceCommand, PathSearchOneExecve) {
  const std::filesystem::path missing = directory_ / "missing";
  const std::filesystem::path not_executable = directory_ / "not-executable";
  const std::filesystem::path runnable = directory_ / "runnable";
  std::filesystem::create_directories(not_executable);
  std::filesystem::create_directories(runnable);
  std::ofstream(not_executable / "boxfit-probe") << "#!/bin/sh\n";
  std::filesystem::permissions(not_executable / "boxfit-probe", std::filesystem::perms::owner_read);
  std::filesystem::create_symlink(fixture("tracee"), runnable / "boxfit-probe");
  const std::string path = missing.string() + ":" + not_executable.string() + ":" + runnable.string();

  const std::string output = (directory_ / "path.json").string();
  ASSERT_EQ(run_boxfit("trace -o " + output + " -- boxfit-probe exit 0", path), 0) << stderr_;
  const TraceResult result = read_trace_file(output);
  EXPECT_EQ(result.command, (std::vector<std::string>{"boxfit-probe", "exit", "0"}));
  const SyscallStats* execve = result.find(seccomp::Abi::x86_64, "execve");
  ASSERT_NE(execve, nullptr);
  EXPECT_EQ(execve->count, 1u);
  EXPECT_TRUE(execve->errors.empty());
}

TEST_F(TraceCommand, PathSearchNotFound) {
  EXPECT_EQ(run_boxfit("trace -- boxfit-probe", (directory_ / "missing").string()), 127);
  EXPECT_EQ(stderr_, "boxfit trace: command not found: 'boxfit-probe'; check the name and PATH\n");
}

TEST_F(TraceCommand, PathSearchNotExecutable) {
  std::ofstream(directory_ / "boxfit-probe") << "#!/bin/sh\n";
  std::filesystem::permissions(directory_ / "boxfit-probe", std::filesystem::perms::owner_read);
  EXPECT_EQ(run_boxfit("trace -- boxfit-probe", directory_.string()), 126);
  EXPECT_EQ(stderr_, "boxfit trace: cannot execute 'boxfit-probe': '" + (directory_ / "boxfit-probe").string() +
                         "' is not executable: Permission denied\n");
}

TEST_F(TraceCommand, MissingOutputDirectory) {
  const std::filesystem::path output = directory_ / "missing" / "trace.json";
  EXPECT_EQ(run_boxfit("trace -o " + output.string() + " -- " + fixture("keyring")), 125);
  EXPECT_EQ(stderr_, "boxfit trace: cannot write the trace to '" + output.string() + "': directory '" +
                         output.parent_path().string() + "' does not exist\n");
  EXPECT_FALSE(std::filesystem::exists(output));
}

TEST_F(TraceCommand, MissingCommand) {
  EXPECT_NE(run_boxfit("trace"), 0);
  EXPECT_NE(stderr_.find("command"), std::string::npos) << stderr_;
}

}  // namespace
}  // namespace box::trace
