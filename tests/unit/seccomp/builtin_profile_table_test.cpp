// Expected action and errno of chosen calls under every built-in profile. The expected values were read
// by hand from each profile's JSON (and the x86_64 numbers from <asm/unistd_64.h>), never computed by boxfit.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "seccomp/builtin_profiles.h"
#include "seccomp/evaluate.h"
#include "seccomp/resolve.h"

namespace box::seccomp {
namespace {

// x86_64 system call numbers.
constexpr int kSocket = 41;
constexpr int kClone = 56;
constexpr int kPtrace = 101;
constexpr int kPersonality = 135;
constexpr int kAddKey = 248;
constexpr int kKeyctl = 250;
constexpr int kIoUringSetup = 425;
constexpr int kClone3 = 435;
constexpr int kSetMempolicyHomeNode = 450;

constexpr std::uint64_t kCloneNewUser = 0x10000000;
constexpr std::uint64_t kCloneNewCgroup = 0x02000000;
constexpr std::uint64_t kSigchld = 17;
// glibc's pthread_create flags: CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID.
constexpr std::uint64_t kThreadFlags = 0x3d0f00;
constexpr std::uint64_t kAfInet = 2;
constexpr std::uint64_t kAfNetlink = 16;
constexpr std::uint64_t kAfAlg = 38;
constexpr std::uint64_t kAfVsock = 40;
constexpr std::uint64_t kNetlinkAudit = 9;
constexpr std::uint64_t kAddrNoRandomize = 0x0040000;

constexpr int kAllowed = 0;   // errno column for allowed calls
constexpr int kStub = -1;     // errno column for runc's ENOSYS stub

struct Case {
  const char* profile;
  const char* what;
  int number;
  SyscallArgs args;
  std::vector<std::string> cap_add;
  KernelVersion kernel;
  int expected_errno;  // kAllowed, kStub (ENOSYS from runc's stub) or the errno of an SCMP_ACT_ERRNO verdict
};

const KernelVersion k61{6, 1};
const KernelVersion k44{4, 4};
const KernelVersion k48{4, 8};

const std::vector<Case> kCases = {
    // docker: moby-default.json, defaultErrnoRet 1; highest named x86_64 number known to boxfit is futex_waitv (449).
    {"docker", "keyctl", kKeyctl, {}, {}, k61, EPERM},
    {"docker", "add_key", kAddKey, {}, {}, k61, EPERM},
    {"docker", "clone thread", kClone, {kThreadFlags}, {}, k61, kAllowed},
    {"docker", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, EPERM},
    {"docker", "clone NEWUSER +SYS_ADMIN", kClone, {kCloneNewUser | kSigchld}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"docker", "clone3", kClone3, {}, {}, k61, ENOSYS},
    {"docker", "clone3 +SYS_ADMIN", kClone3, {}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"docker", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, EPERM},
    {"docker", "socket AF_ALG", kSocket, {kAfAlg, 5, 0}, {}, k61, EPERM},
    {"docker", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"docker", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, EPERM},
    {"docker", "personality query", kPersonality, {0xffffffff}, {}, k61, kAllowed},
    {"docker", "ptrace 4.4", kPtrace, {}, {}, k44, EPERM},
    {"docker", "ptrace 4.8", kPtrace, {}, {}, k48, kAllowed},
    {"docker", "ptrace 4.4 +SYS_PTRACE", kPtrace, {}, {"CAP_SYS_PTRACE"}, k44, kAllowed},
    {"docker", "io_uring_setup", kIoUringSetup, {}, {}, k61, EPERM},
    {"docker", "above highest", kSetMempolicyHomeNode, {}, {}, k61, kStub},
    {"docker", "home_node +SYS_NICE", kSetMempolicyHomeNode, {}, {"CAP_SYS_NICE"}, k61, kAllowed},
    {"docker", "unknown number", 460, {}, {}, k61, kStub},

    // docker-28.5: as docker, but socket is allowed when arg0 != 40, so AF_ALG passes.
    {"docker-28.5", "keyctl", kKeyctl, {}, {}, k61, EPERM},
    {"docker-28.5", "add_key", kAddKey, {}, {}, k61, EPERM},
    {"docker-28.5", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, EPERM},
    {"docker-28.5", "clone NEWUSER +SYS_ADMIN", kClone, {kCloneNewUser | kSigchld}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"docker-28.5", "clone3", kClone3, {}, {}, k61, ENOSYS},
    {"docker-28.5", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, EPERM},
    {"docker-28.5", "socket AF_ALG", kSocket, {kAfAlg, 5, 0}, {}, k61, kAllowed},
    {"docker-28.5", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"docker-28.5", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, EPERM},
    {"docker-28.5", "ptrace 4.4", kPtrace, {}, {}, k44, EPERM},
    {"docker-28.5", "ptrace 5.10", kPtrace, {}, {}, {5, 10}, kAllowed},
    {"docker-28.5", "io_uring_setup", kIoUringSetup, {}, {}, k61, EPERM},

    // docker-20.10.0: no defaultErrnoRet (EPERM), no clone3 rule, io_uring allowed, socket unconditional;
    // faccessat2 (439) is the highest named number, so clone3 (435) gets the default EPERM, not the stub.
    {"docker-20.10.0", "keyctl", kKeyctl, {}, {}, k61, EPERM},
    {"docker-20.10.0", "add_key", kAddKey, {}, {}, k61, EPERM},
    {"docker-20.10.0", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, EPERM},
    {"docker-20.10.0", "clone NEWCGROUP", kClone, {kCloneNewCgroup | kSigchld}, {}, k61, EPERM},
    {"docker-20.10.0", "clone NEWUSER +SYS_ADMIN", kClone, {kCloneNewUser | kSigchld}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"docker-20.10.0", "clone3", kClone3, {}, {}, k61, EPERM},
    {"docker-20.10.0", "clone3 +SYS_ADMIN", kClone3, {}, {"CAP_SYS_ADMIN"}, k61, EPERM},
    {"docker-20.10.0", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, kAllowed},
    {"docker-20.10.0", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"docker-20.10.0", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, EPERM},
    {"docker-20.10.0", "ptrace 4.4", kPtrace, {}, {}, k44, EPERM},
    {"docker-20.10.0", "ptrace 4.8", kPtrace, {}, {}, k48, kAllowed},
    {"docker-20.10.0", "io_uring_setup", kIoUringSetup, {}, {}, k61, kAllowed},
    {"docker-20.10.0", "above highest", 440, {}, {}, k61, kStub},

    // docker-19.03: clone mask 0x7C020000 (no CLONE_NEWCGROUP); io_pgetevents (333) is the highest named number,
    // so clone3 and io_uring_setup get ENOSYS from runc's stub.
    {"docker-19.03", "keyctl", kKeyctl, {}, {}, k61, EPERM},
    {"docker-19.03", "add_key", kAddKey, {}, {}, k61, EPERM},
    {"docker-19.03", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, EPERM},
    {"docker-19.03", "clone NEWCGROUP", kClone, {kCloneNewCgroup | kSigchld}, {}, k61, kAllowed},
    {"docker-19.03", "clone NEWUSER +SYS_ADMIN", kClone, {kCloneNewUser | kSigchld}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"docker-19.03", "clone3", kClone3, {}, {}, k61, kStub},
    {"docker-19.03", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, kAllowed},
    {"docker-19.03", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"docker-19.03", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, EPERM},
    {"docker-19.03", "ptrace 4.4", kPtrace, {}, {}, k44, EPERM},
    {"docker-19.03", "ptrace 4.8", kPtrace, {}, {}, k48, kAllowed},
    {"docker-19.03", "io_uring_setup", kIoUringSetup, {}, {}, k61, kStub},
    {"docker-19.03", "io_pgetevents", 333, {}, {}, k61, kAllowed},

    // podman: container-libs common, defaultErrnoRet 38 (ENOSYS); keyctl, clone, clone3, ptrace allowed for all;
    // socket(AF_VSOCK) returns EPERM; NETLINK_AUDIT sockets return EINVAL without CAP_AUDIT_WRITE.
    {"podman", "keyctl", kKeyctl, {}, {}, k61, kAllowed},
    {"podman", "add_key", kAddKey, {}, {}, k61, ENOSYS},
    {"podman", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, kAllowed},
    {"podman", "clone3", kClone3, {}, {}, k61, kAllowed},
    {"podman", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, EPERM},
    {"podman", "socket AF_VSOCK +AUDIT_WRITE", kSocket, {kAfVsock, 1, 0}, {"CAP_AUDIT_WRITE"}, k61, EPERM},
    {"podman", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"podman", "socket NETLINK_AUDIT", kSocket, {kAfNetlink, 3, kNetlinkAudit}, {}, k61, EINVAL},
    {"podman", "socket NETLINK_AUDIT +AUDIT_WRITE", kSocket, {kAfNetlink, 3, kNetlinkAudit}, {"CAP_AUDIT_WRITE"}, k61,
     kAllowed},
    {"podman", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, ENOSYS},
    {"podman", "ptrace 4.4", kPtrace, {}, {}, k44, kAllowed},
    {"podman", "ptrace 4.8", kPtrace, {}, {}, k48, kAllowed},
    {"podman", "io_uring_setup", kIoUringSetup, {}, {}, k61, ENOSYS},
    {"podman", "kcmp", 312, {}, {}, k61, EPERM},
    {"podman", "kcmp +SYS_PTRACE", 312, {}, {"CAP_SYS_PTRACE"}, k61, kAllowed},

    // podman-4: containers-common; socket(AF_VSOCK) is still allowed there.
    {"podman-4", "keyctl", kKeyctl, {}, {}, k61, kAllowed},
    {"podman-4", "add_key", kAddKey, {}, {}, k61, ENOSYS},
    {"podman-4", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, kAllowed},
    {"podman-4", "clone3", kClone3, {}, {}, k61, kAllowed},
    {"podman-4", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, kAllowed},
    {"podman-4", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"podman-4", "socket NETLINK_AUDIT", kSocket, {kAfNetlink, 3, kNetlinkAudit}, {}, k61, EINVAL},
    {"podman-4", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, ENOSYS},
    {"podman-4", "ptrace 4.4", kPtrace, {}, {}, k44, kAllowed},
    {"podman-4", "futex_waitv", 449, {}, {}, k61, EPERM},
    {"podman-4", "io_uring_setup", kIoUringSetup, {}, {}, k61, ENOSYS},

    // containerd: Docker's rules, no defaultErrnoRet (EPERM), lsm_* for everyone.
    {"containerd", "keyctl", kKeyctl, {}, {}, k61, EPERM},
    {"containerd", "add_key", kAddKey, {}, {}, k61, EPERM},
    {"containerd", "clone thread", kClone, {kThreadFlags}, {}, k61, kAllowed},
    {"containerd", "clone NEWUSER", kClone, {kCloneNewUser | kSigchld}, {}, k61, EPERM},
    {"containerd", "clone NEWUSER +SYS_ADMIN", kClone, {kCloneNewUser | kSigchld}, {"CAP_SYS_ADMIN"}, k61, kAllowed},
    {"containerd", "clone3", kClone3, {}, {}, k61, ENOSYS},
    {"containerd", "socket AF_VSOCK", kSocket, {kAfVsock, 1, 0}, {}, k61, EPERM},
    {"containerd", "socket AF_ALG", kSocket, {kAfAlg, 5, 0}, {}, k61, EPERM},
    {"containerd", "socket AF_INET", kSocket, {kAfInet, 1, 0}, {}, k61, kAllowed},
    {"containerd", "personality ADDR_NO_RANDOMIZE", kPersonality, {kAddrNoRandomize}, {}, k61, EPERM},
    {"containerd", "ptrace 4.4", kPtrace, {}, {}, k44, EPERM},
    {"containerd", "ptrace 4.8", kPtrace, {}, {}, k48, kAllowed},
    {"containerd", "io_uring_setup", kIoUringSetup, {}, {}, k61, EPERM},
    {"containerd", "above highest", kSetMempolicyHomeNode, {}, {}, k61, kStub},
};

ResolvedProfile resolve_builtin(const std::string& name, const std::vector<std::string>& cap_add, KernelVersion kernel) {
  const Profile profile = load_profile(name);
  const BuiltinProfile* builtin = find_builtin_profile(name);
  ResolveOptions options;
  options.native_abi = Abi::x86_64;
  options.capabilities = apply_capability_changes(default_capabilities(builtin->runtime), cap_add, {});
  options.kernel = kernel;
  return resolve(profile, options);
}

TEST(BuiltinProfiles, ExpectedVerdicts) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.profile) + ": " + c.what);
    const Verdict verdict = evaluate(resolve_builtin(c.profile, c.cap_add, c.kernel), Abi::x86_64, c.number, c.args);
    if (c.expected_errno == kAllowed) {
      EXPECT_EQ(verdict.action, Action::allow) << verdict.reason;
      continue;
    }
    EXPECT_EQ(verdict.action, Action::errno_ret) << verdict.reason;
    EXPECT_EQ(verdict.enosys_stub, c.expected_errno == kStub) << verdict.reason;
    EXPECT_EQ(verdict.errno_value, c.expected_errno == kStub ? ENOSYS : c.expected_errno) << verdict.reason;
  }
}

TEST(BuiltinProfiles, EveryBuiltinHasCases) {
  for (const auto& builtin : builtin_profiles()) {
    int count = 0;
    for (const Case& c : kCases) count += std::string(c.profile) == builtin.name;
    EXPECT_GE(count, 10) << builtin.name;
  }
}

TEST(Verdict, NamesMissingCapability) {
  const Verdict verdict = evaluate(resolve_builtin("docker", {}, k61), Abi::x86_64, kClone, {kCloneNewUser | kSigchld});
  ASSERT_EQ(verdict.capabilities_to_add, std::vector<std::string>{"CAP_SYS_ADMIN"});
  EXPECT_NE(verdict.reason.find("--cap-add CAP_SYS_ADMIN"), std::string::npos) << verdict.reason;
  EXPECT_NE(verdict.reason.find("arg0 & 0x7e020000 == 0, but arg0 is 0x10000011"), std::string::npos) << verdict.reason;
}

TEST(Verdict, NamesUnmetArgument) {
  const Verdict verdict = evaluate(resolve_builtin("docker-28.5", {}, k61), Abi::x86_64, kSocket, {kAfVsock, 1, 0});
  EXPECT_EQ(verdict.reason,
            "syscalls[2] allows it only when arg0 != 0x28, but arg0 is 0x28, so the default action applies "
            "(errno EPERM (1))");
}

TEST(Verdict, NamesKernelVersion) {
  const Verdict verdict = evaluate(resolve_builtin("docker", {}, k44), Abi::x86_64, kPtrace, {});
  EXPECT_NE(verdict.reason.find("syscalls[1] allows it only on kernel 4.8 or newer (evaluated for 4.4)"),
            std::string::npos)
      << verdict.reason;
  EXPECT_NE(verdict.reason.find("--cap-add CAP_SYS_PTRACE"), std::string::npos) << verdict.reason;
}

TEST(Verdict, NoRuleUsesDefault) {
  const Verdict verdict = evaluate(resolve_builtin("docker", {}, k61), Abi::x86_64, kKeyctl, {});
  EXPECT_EQ(verdict.syscall, "keyctl");
  EXPECT_FALSE(verdict.rule_index.has_value());
  EXPECT_EQ(verdict.reason, "no rule names keyctl, so the default action applies (errno EPERM (1))");
}

TEST(Verdict, StubReasonNamesRunc) {
  const Verdict verdict = evaluate(resolve_builtin("docker-19.03", {}, k61), Abi::x86_64, kClone3, {});
  EXPECT_TRUE(verdict.enosys_stub);
  EXPECT_EQ(verdict.reason,
            "runc returns ENOSYS for x86_64 system call numbers above 333 (io_pgetevents), the highest the resolved "
            "profile names");
}

TEST(Verdict, OtherAbis) {
  const ResolvedProfile docker = resolve_builtin("docker", {}, k61);
  // i386: keyctl is 288, socketcall 102 (allowed, so the socket rules do not apply to 32-bit programs).
  EXPECT_EQ(evaluate(docker, Abi::i386, 288, {}).errno_value, EPERM);
  EXPECT_EQ(evaluate(docker, Abi::i386, 102, {}).action, Action::allow);
  // x32: keyctl is 250, as on x86_64.
  EXPECT_EQ(evaluate(docker, Abi::x32, 250, {}).errno_value, EPERM);
  // aarch64 is not in the architectures resolved for an x86_64 host.
  EXPECT_EQ(evaluate(docker, Abi::aarch64, 219, {}).action, Action::kill_thread);
}

TEST(Verdict, Aarch64Host) {
  ResolveOptions options;
  options.native_abi = Abi::aarch64;
  options.capabilities = default_capabilities(Runtime::docker);
  const ResolvedProfile docker = resolve(load_profile("docker"), options);
  // aarch64: keyctl 219, clone3 435, openat 56.
  EXPECT_EQ(evaluate(docker, Abi::aarch64, 219, {}).errno_value, EPERM);
  EXPECT_EQ(evaluate(docker, Abi::aarch64, 435, {}).errno_value, ENOSYS);
  EXPECT_EQ(evaluate(docker, Abi::aarch64, 56, {}).action, Action::allow);
  EXPECT_EQ(evaluate(docker, Abi::x86_64, 56, {}).action, Action::kill_thread);
}

}  // namespace
}  // namespace box::seccomp
