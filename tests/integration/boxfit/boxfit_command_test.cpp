// boxfit check, patch, generate and run on the fixture programs, through the real binary.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Output {
  int status = -1;
  std::string out;
  std::string err;
};

std::string fixture(const std::string& name) { return std::string(BOXFIT_FIXTURE_DIR) + "/" + name; }

std::string read_all(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class BoxfitCommand : public testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("boxfit-test-" + std::to_string(getpid()) + "-" +
               testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string path(const std::string& name) const { return (folder_ / name).string(); }

  // Runs boxfit with the arguments and, when `path` is set, that PATH. Returns its exit status, standard
  // output and standard error.
  Output boxfit(const std::vector<std::string>& args, const std::string& path_variable = "") const {
    std::vector<std::string> argv = {BOXFIT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> pointers;
    for (auto& arg : argv) pointers.push_back(arg.data());
    pointers.push_back(nullptr);

    const std::string out_path = path("stdout.txt");
    const std::string err_path = path("stderr.txt");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> environment;
    for (char** variable = environ; *variable != nullptr; ++variable) {
      if (path_variable.empty() || std::string(*variable).rfind("PATH=", 0) != 0) environment.emplace_back(*variable);
    }
    if (!path_variable.empty()) environment.push_back("PATH=" + path_variable);
    std::vector<char*> environment_pointers;
    for (auto& variable : environment) environment_pointers.push_back(variable.data());
    environment_pointers.push_back(nullptr);

    pid_t pid = 0;
    Output output;
    if (posix_spawn(&pid, pointers[0], &actions, nullptr, pointers.data(), environment_pointers.data()) == 0) {
      int status = 0;
      waitpid(pid, &status, 0);
      output.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    posix_spawn_file_actions_destroy(&actions);
    output.out = read_all(out_path);
    output.err = read_all(err_path);
    return output;
  }

  void write(const std::string& name, const std::string& text) const { std::ofstream(path(name)) << text; }

 private:
  std::filesystem::path folder_;
};

int count_lines_starting(const std::string& text, const std::string& prefix) {
  int count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) count += line.rfind(prefix, 0) == 0;
  return count;
}

constexpr const char* kKeyringRule = R"({"names": ["add_key", "keyctl"], "action": "SCMP_ACT_ALLOW", "args": []})";

TEST_F(BoxfitCommand, CheckKeyringDocker) {
  const Output check = boxfit({"check", "--profile", "docker", "--", fixture("keyring")});
  EXPECT_EQ(check.status, 1) << check.err;
  EXPECT_EQ(count_lines_starting(check.out, "DENIED"), 2) << check.out;
  EXPECT_NE(check.out.find("DENIED  add_key [x86_64 248] x1: no rule names add_key"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("DENIED  keyctl [x86_64 250]"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("stored and read back"), std::string::npos) << check.out;
  EXPECT_NE(check.err.find("stored and read back"), std::string::npos) << check.err;
}

TEST_F(BoxfitCommand, GenerateKeepsStdoutEmpty) {
  const Output generate = boxfit({"generate", "-o", path("generated.json"), "--", fixture("keyring")});
  ASSERT_EQ(generate.status, 0) << generate.err;
  EXPECT_EQ(generate.out, "");
  EXPECT_NE(generate.err.find("stored and read back"), std::string::npos) << generate.err;
}

TEST_F(BoxfitCommand, PatchKeyringThenRun) {
  const Output patch = boxfit({"patch", "--profile", "docker", "-o", path("patched.json"), "--", fixture("keyring")});
  ASSERT_EQ(patch.status, 0) << patch.err;
  // Standard output holds only the rules; the traced program's output goes to standard error.
  EXPECT_EQ(patch.out, std::string(kKeyringRule) + "\n");
  EXPECT_NE(patch.err.find("stored and read back"), std::string::npos) << patch.err;

  const Output run = boxfit({"run", "--profile", path("patched.json"), "--", fixture("keyring")});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("stored and read back"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("exited with status 0; 0 denied calls"), std::string::npos) << run.err;

  const Output check = boxfit({"check", "--profile", path("patched.json"), "--", fixture("keyring")});
  EXPECT_EQ(check.status, 0) << check.out;
}

TEST_F(BoxfitCommand, RunDockerDeniesAddKey) {
  const Output run = boxfit({"run", "--profile", "docker", "--", fixture("keyring")});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("add_key failed: EPERM"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("DENIED add_key [x86_64 248]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("errno EPERM (1)"), std::string::npos) << run.err;
}

TEST_F(BoxfitCommand, RunPodmanAllowsKeyctlOnly) {
  // podman allows keyctl but not add_key, and its default errno is ENOSYS.
  const Output run = boxfit({"run", "--profile", "podman", "--", fixture("keyring")});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("add_key failed: ENOSYS"), std::string::npos) << run.out;
}

// run and check find the command on PATH before forking, skipping a folder whose file is not executable.
TEST_F(BoxfitCommand, RunAndCheckSearchPath) {
  std::filesystem::create_directories(path("not-executable"));
  std::filesystem::create_directories(path("runnable"));
  write("not-executable/boxfit-probe", "#!/bin/sh\n");
  std::filesystem::create_symlink(fixture("keyring"), path("runnable/boxfit-probe"));
  const std::string search = path("missing") + ":" + path("not-executable") + ":" + path("runnable");

  const Output run = boxfit({"run", "--profile", "docker", "--", "boxfit-probe"}, search);
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("add_key failed: EPERM"), std::string::npos) << run.out;

  const Output check = boxfit({"check", "--profile", "docker", "--", "boxfit-probe"}, search);
  EXPECT_EQ(check.status, 1) << check.err;
  EXPECT_EQ(count_lines_starting(check.out, "DENIED"), 2) << check.out;

  const Output missing = boxfit({"run", "--profile", "docker", "--", "boxfit-probe"}, path("missing"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "boxfit: command not found: 'boxfit-probe'; check the name and PATH\n");

  const Output denied = boxfit({"check", "--profile", "docker", "--", "boxfit-probe"}, path("not-executable"));
  EXPECT_EQ(denied.status, 2);
  EXPECT_EQ(denied.err, "boxfit: cannot execute 'boxfit-probe': '" + path("not-executable/boxfit-probe") +
                            "' is not executable: Permission denied\n");
}

TEST_F(BoxfitCommand, GenerateThenRun) {
  const Output generate = boxfit({"generate", "-o", path("generated.json"), "--", fixture("keyring")});
  ASSERT_EQ(generate.status, 0) << generate.err;
  const std::string profile = read_all(path("generated.json"));
  EXPECT_NE(profile.find("\"add_key\""), std::string::npos);
  EXPECT_NE(profile.find("\"SCMP_ARCH_X86_64\""), std::string::npos);
  EXPECT_NE(profile.find("\"capset\""), std::string::npos);  // a runc startup call

  const Output run = boxfit({"run", "--profile", path("generated.json"), "--", fixture("keyring")});
  EXPECT_EQ(run.status, 0) << run.err;
}

TEST_F(BoxfitCommand, GenerateExcludeKeepsDenied) {
  const Output generate = boxfit({"generate", "--exclude", "add_key,keyctl", "-o", path("generated.json"), "--",
                                  fixture("keyring")});
  ASSERT_EQ(generate.status, 0) << generate.err;
  const std::string profile = read_all(path("generated.json"));
  EXPECT_EQ(profile.find("\"add_key\""), std::string::npos) << profile;
  EXPECT_EQ(profile.find("\"keyctl\""), std::string::npos) << profile;
  EXPECT_NE(profile.find("\"execve\""), std::string::npos) << profile;

  const Output run = boxfit({"run", "--profile", path("generated.json"), "--", fixture("keyring")});
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("add_key failed: EPERM"), std::string::npos) << run.out;

  const Output typo = boxfit({"generate", "--exclude", "add_kye", "-o", path("typo.json"), "--", fixture("keyring")});
  EXPECT_EQ(typo.status, 2) << typo.err;
  EXPECT_NE(typo.err.find("unknown system call 'add_kye'"), std::string::npos) << typo.err;
}

TEST_F(BoxfitCommand, CheckNamesMissingCapability) {
  const Output check = boxfit({"check", "--profile", "docker", "--", fixture("unshare")});
  EXPECT_EQ(check.status, 1) << check.err;
  EXPECT_EQ(check.out.rfind("profile docker for x86_64, kernel ", 0), 0u) << check.out;
  EXPECT_NE(check.out.find(", 14 capabilities: checked 1 distinct system call\n"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("DENIED  unshare [x86_64 272] x1: the rule syscalls[17] that allows it needs "
                           "CAP_SYS_ADMIN, which the container lacks, so the default action applies "
                           "(errno EPERM (1)); add --cap-add CAP_SYS_ADMIN to allow it\n"),
            std::string::npos)
      << check.out;

  const Output added = boxfit({"check", "--profile", "docker", "--cap-add", "CAP_SYS_ADMIN", "--", fixture("unshare")});
  EXPECT_EQ(added.status, 0) << added.out;
}

TEST_F(BoxfitCommand, RunReportsRepeatsOnce) {
  const Output generate = boxfit({"generate", "--exclude", "getppid", "-o", path("generated.json"), "--",
                                  fixture("tracee"), "loop", "50"});
  ASSERT_EQ(generate.status, 0) << generate.err;

  const Output run = boxfit({"run", "--profile", path("generated.json"), "--", fixture("tracee"), "loop", "50"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(count_lines_starting(run.err, "boxfit: DENIED getppid [x86_64 110]"), 1) << run.err;
  EXPECT_NE(run.err.find("boxfit: getppid [x86_64 110] denied 50 times; only the first is shown\n"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("exited with status 0; 50 denied calls (1 distinct)\n"), std::string::npos) << run.err;
}

TEST_F(BoxfitCommand, CheckFromTraceFile) {
  write("trace.json", R"({"format": "boxfit-trace", "version": 1, "command": ["demo"], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [
      {"name": "read", "number": 0, "count": 3, "errors": {}, "arg_sets": []},
      {"name": "socket", "number": 41, "count": 2, "errors": {},
       "arg_sets": [{"args": [2, 1, 0, 0, 0, 0], "count": 1}, {"args": [40, 1, 0, 0, 0, 0], "count": 1}]}]}}})");
  const Output docker = boxfit({"check", "--profile", "docker-28.5", "--from", path("trace.json")});
  EXPECT_EQ(docker.status, 1) << docker.err;
  EXPECT_NE(docker.out.find("syscalls[2] allows it only when arg0 != 0x28, but arg0 is 0x28"), std::string::npos)
      << docker.out;

  const Output old_docker = boxfit({"check", "--profile", "docker-20.10.0", "--from", path("trace.json")});
  EXPECT_EQ(old_docker.status, 0) << old_docker.out;

  const Output patch = boxfit({"patch", "--profile", "docker-28.5", "--from", path("trace.json")});
  EXPECT_EQ(patch.out,
            "{\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 40, "
            "\"op\": \"SCMP_CMP_EQ\"}]}\n");
}

TEST_F(BoxfitCommand, ThreadsUnderOldDocker) {
  // glibc's pthread_create calls clone3 first and falls back to clone only on ENOSYS.
  const Output eperm = boxfit({"check", "--profile", "docker-20.10.0", "--", fixture("threads_fork")});
  EXPECT_EQ(eperm.status, 1);
  EXPECT_NE(eperm.out.find("DENIED  clone3"), std::string::npos) << eperm.out;
  EXPECT_NE(eperm.out.find("no rule names clone3, so the default action applies (errno EPERM (1))"), std::string::npos)
      << eperm.out;

  // Under 19.03's profile, runc's ENOSYS answers clone3 and rseq, and glibc recovers from both.
  const Output enosys = boxfit({"check", "--profile", "docker-19.03", "--", fixture("threads_fork")});
  EXPECT_EQ(enosys.status, 0) << enosys.out;
  EXPECT_EQ(count_lines_starting(enosys.out, "DENIED"), 2) << enosys.out;
  EXPECT_NE(enosys.out.find("DENIED  clone3 [x86_64 435] x1: runc returns ENOSYS for x86_64 system call numbers "
                            "above 333 (io_pgetevents), the highest the resolved profile names; denied with ENOSYS, "
                            "and glibc falls back to clone, so this usually works\n"),
            std::string::npos)
      << enosys.out;
  EXPECT_NE(enosys.out.find("glibc falls back to running without restartable sequences, so this usually works\n"),
            std::string::npos)
      << enosys.out;
  EXPECT_NE(enosys.out.find("fits: the only denials are 2 calls that glibc falls back from on ENOSYS; "
                            "--strict counts them\n"),
            std::string::npos)
      << enosys.out;

  const Output strict = boxfit({"check", "--strict", "--profile", "docker-19.03", "--", fixture("threads_fork")});
  EXPECT_EQ(strict.status, 1) << strict.out;
  EXPECT_NE(strict.out.find("does not fit: 2 denied calls\n"), std::string::npos) << strict.out;

  const Output run = boxfit({"run", "--profile", "docker-19.03", "--", fixture("threads_fork")});
  EXPECT_EQ(run.status, 0) << run.err;
}

// An ENOSYS denial of a call glibc has no fallback for still fails the check.
TEST_F(BoxfitCommand, CheckCountsOtherEnosys) {
  write("trace.json", R"({"format": "boxfit-trace", "version": 1, "command": ["demo"], "exit_code": 0,
    "abis": {"x86_64": {"syscalls": [
      {"name": "clone3", "number": 435, "count": 1, "errors": {}, "arg_sets": []},
      {"name": "io_uring_setup", "number": 425, "count": 1, "errors": {}}]}}})");
  const Output check = boxfit({"check", "--profile", "docker-19.03", "--from", path("trace.json")});
  EXPECT_EQ(check.status, 1) << check.out;
  EXPECT_NE(check.out.find("does not fit: 1 denied call, plus 1 call that glibc falls back from on ENOSYS\n"),
            std::string::npos)
      << check.out;
}

TEST_F(BoxfitCommand, UsageErrors) {
  const Output unknown = boxfit({"check", "--profile", "dockr", "--from", path("none.json")});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("profile \"dockr\" is neither a built-in name"), std::string::npos) << unknown.err;

  write("bad.json", R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW",
    "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_FOO"}]}]})");
  const Output bad = boxfit({"resolve", "--profile", path("bad.json")});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "boxfit: invalid profile '" + path("bad.json") +
                         "': syscalls[0].args[0].op: unknown operator \"SCMP_CMP_FOO\"\n");

  write("action.json", R"({"defaultAction": "SCMP_ACT_MAYBE", "syscalls": []})");
  const Output action = boxfit({"check", "--profile", path("action.json"), "--from", path("none.json")});
  EXPECT_EQ(action.status, 2);
  EXPECT_EQ(action.err, "boxfit: invalid profile '" + path("action.json") +
                            "': defaultAction: unknown action \"SCMP_ACT_MAYBE\"\n");

  write("truncated.json", "{\"de");
  const Output truncated = boxfit({"resolve", "--profile", path("truncated.json")});
  EXPECT_EQ(truncated.status, 2);
  EXPECT_EQ(truncated.err.rfind("boxfit: invalid profile '" + path("truncated.json") + "': invalid JSON at byte ", 0), 0u)
      << truncated.err;
  EXPECT_EQ(std::count(truncated.err.begin(), truncated.err.end(), '\n'), 1) << truncated.err;

  const Output bogus = boxfit({"check", "--profile", "docker", "--bogus", "--", fixture("keyring")});
  EXPECT_EQ(bogus.status, 2);
  EXPECT_EQ(bogus.err, "boxfit: unknown option '--bogus' for check; run 'boxfit check --help' for the options\n");

  const Output typo = boxfit({"patch", "--profle", "docker", "--", fixture("keyring")});
  EXPECT_EQ(typo.status, 2);
  EXPECT_EQ(typo.err, "boxfit: unknown option '--profle' for patch; did you mean '--profile'?\n");

  const Output command = boxfit({"chek", "--profile", "docker"});
  EXPECT_EQ(command.status, 2);
  EXPECT_EQ(command.err, "boxfit: unknown command 'chek'; did you mean 'check'?\n");
  EXPECT_EQ(command.out, "");

  const Output version = boxfit({"--version"});
  EXPECT_EQ(version.status, 0) << version.err;
  EXPECT_EQ(version.out, "boxfit 0.1.0\n");

  const Output no_input = boxfit({"check", "--profile", "docker"});
  EXPECT_EQ(no_input.status, 2);
  EXPECT_NE(no_input.err.find("missing input"), std::string::npos) << no_input.err;

  const Output bad_cap = boxfit({"check", "--profile", "docker", "--cap-add", "CAP_FLY", "--from", path("x.json")});
  EXPECT_EQ(bad_cap.status, 2);
}

TEST_F(BoxfitCommand, ResolveEmitsOci) {
  const Output resolved = boxfit({"resolve", "--profile", "docker", "--arch", "x86_64", "--kernel", "4.4"});
  ASSERT_EQ(resolved.status, 0) << resolved.err;
  EXPECT_NE(resolved.out.find("\"architectures\": [\n    \"SCMP_ARCH_X86_64\",\n    \"SCMP_ARCH_X86\",\n    "
                              "\"SCMP_ARCH_X32\"\n  ]"),
            std::string::npos)
      << resolved.out.substr(0, 300);
  EXPECT_EQ(resolved.out.find("archMap"), std::string::npos);
  EXPECT_EQ(resolved.out.find("minKernel"), std::string::npos);
}

}  // namespace
