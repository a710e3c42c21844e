#include "doctor/checks.h"

#include <gtest/gtest.h>
#include <seccomp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "support/azurite.h"
#include "support/process.h"

namespace box::doctor {
namespace {

// Runs `check` in a child process under a seccomp filter that fails the named
// syscalls with EPERM (the real kernel enforces it), and returns the finding
// as "status|detail|fix".
template <typename Check>
std::string run_under_filter(const std::vector<std::string>& denied, Check check) {
  int fds[2];
  if (pipe(fds) != 0) {
    return "pipe failed";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
    for (const auto& name : denied) {
      seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), seccomp_syscall_resolve_name(name.c_str()), 0);
    }
    if (seccomp_load(filter) != 0) {
      _exit(3);
    }
    const Finding finding = check();
    const std::string text = std::string(to_string(finding.status)) + "|" + finding.detail + "|" + finding.fix;
    if (write(fds[1], text.data(), text.size()) < 0) {
      _exit(4);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return text;
}

TEST(CheckKeyring, DeniedKeyctlNamesEperm) {
  const std::string result = run_under_filter({"keyctl"}, check_keyring);
  EXPECT_EQ(result.rfind("warning|keyctl failed with EPERM", 0), 0u) << result;
  EXPECT_NE(result.find("fall back to a file"), std::string::npos) << result;
}

TEST(CheckThreads, DeniedClone3IsProblem) {
  // glibc 2.34 and later try clone3 first and fall back to clone only on ENOSYS.
  const std::string result = run_under_filter({"clone3"}, check_threads);
  EXPECT_EQ(result.rfind("problem|cannot start a thread", 0), 0u) << result;
  EXPECT_NE(result.find("20.10.10"), std::string::npos) << result;
}

TEST(CheckThreads, Clone3EnosysFallsBack) {
  const pid_t pid = fork();
  if (pid == 0) {
    scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
    seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), seccomp_syscall_resolve_name("clone3"), 0);
    seccomp_load(filter);
    _exit(check_threads().status == Status::ok ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(CheckSeccomp, FilterModeDetected) {
  const std::string result = run_under_filter({"add_key"}, check_seccomp);
  EXPECT_EQ(result.rfind("ok|filter mode", 0), 0u) << result;
}

TEST(CheckCaCertificates, UnreadableFileIsProblem) {
  setenv("SSL_CERT_FILE", "/nonexistent/ca.pem", 1);
  const Finding finding = check_ca_certificates();
  unsetenv("SSL_CERT_FILE");
  EXPECT_EQ(finding.status, Status::problem);
  EXPECT_NE(finding.detail.find("/nonexistent/ca.pem"), std::string::npos);
}

TEST(CheckProxy, PasswordRedactedFromProxyUrl) {
  setenv("HTTPS_PROXY", "http://127.0.0.1:3128/?token=hunter2hunter2", 1);
  const Finding finding = check_proxy();
  unsetenv("HTTPS_PROXY");
  EXPECT_NE(finding.detail.find("HTTPS_PROXY=http://127.0.0.1:3128/?token=REDACTED"), std::string::npos)
      << finding.detail;
}

TEST(CheckFreeSpace, ExistingAndMissingFolder) {
  testing::TempDir dir;
  const Finding found = check_free_space(dir.path());
  EXPECT_NE(found.status, Status::problem);
  EXPECT_NE(found.detail.find("free at " + dir.path()), std::string::npos) << found.detail;
  const Finding missing = check_free_space(dir.path() + "/absent");
  EXPECT_EQ(missing.status, Status::problem);
}

TEST(CheckEndpoint, AzuriteAnswersWithDate) {
  auto& azurite = testing::shared_azurite();
  const auto findings = check_endpoint(azurite.account_url());
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].check, "DNS");
  EXPECT_EQ(findings[0].status, Status::ok);
  EXPECT_EQ(findings[1].check, "connectivity");
  EXPECT_EQ(findings[1].status, Status::ok) << findings[1].detail;
  EXPECT_EQ(findings[2].check, "clock");
  EXPECT_EQ(findings[2].status, Status::ok) << findings[2].detail;
}

TEST(CheckEndpoint, ClosedPortIsProblem) {
  const int port = testing::free_loopback_port();
  const auto findings = check_endpoint("http://127.0.0.1:" + std::to_string(port) + "/acct");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[1].check, "connectivity");
  EXPECT_EQ(findings[1].status, Status::problem);
}

}  // namespace
}  // namespace box::doctor
