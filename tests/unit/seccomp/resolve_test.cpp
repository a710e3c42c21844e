// Resolution of Docker-format profiles: architectures, dropped rules, runc's ENOSYS stub and OCI output.
#include <gtest/gtest.h>

#include "seccomp/builtin_profiles.h"
#include "seccomp/errors.h"
#include "seccomp/evaluate.h"
#include "seccomp/resolve.h"

namespace box::seccomp {
namespace {

ResolveOptions docker_options() {
  ResolveOptions options;
  options.native_abi = Abi::x86_64;
  options.capabilities = default_capabilities(Runtime::docker);
  options.kernel = {6, 1};
  return options;
}

TEST(Resolve, ArchMapForX86_64) {
  const ResolvedProfile resolved = resolve(load_profile("docker"), docker_options());
  EXPECT_EQ(resolved.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  EXPECT_EQ(resolved.abis, (std::set<Abi>{Abi::x86_64, Abi::i386, Abi::x32}));
}

TEST(Resolve, StubLimitsPerAbi) {
  const ResolvedProfile resolved = resolve(load_profile("docker"), docker_options());
  // futex_waitv: 449 on x86_64 and i386; on x32 the highest named is pwritev2 (547) from the x32-only range.
  EXPECT_EQ(resolved.enosys_above.at(Abi::x86_64), 449);
  EXPECT_EQ(resolved.enosys_above.at(Abi::i386), 449);
  EXPECT_EQ(resolved.enosys_above.at(Abi::x32), 547);
}

TEST(Resolve, NoStubForAllowDefault) {
  const Profile profile = parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO"}]})",
                                        "test");
  const ResolvedProfile resolved = resolve(profile, docker_options());
  EXPECT_TRUE(resolved.enosys_above.empty());
  EXPECT_EQ(evaluate(resolved, Abi::x86_64, 440, {}).action, Action::allow);
  EXPECT_EQ(evaluate(resolved, Abi::x86_64, 0, {}).errno_value, 1);
}

TEST(Resolve, DropsByCapabilityAndKernel) {
  ResolveOptions options = docker_options();
  options.kernel = {4, 4};
  const ResolvedProfile resolved = resolve(load_profile("docker"), options);
  int missing_sys_admin = 0;
  int old_kernel = 0;
  for (const auto& dropped : resolved.dropped) {
    missing_sys_admin += dropped.reason == DropReason::missing_capability && dropped.detail == "CAP_SYS_ADMIN";
    old_kernel += dropped.reason == DropReason::kernel_too_old && dropped.detail == "4.8";
  }
  EXPECT_EQ(missing_sys_admin, 1);
  EXPECT_EQ(old_kernel, 1);
}

TEST(Resolve, OciOutput) {
  const auto oci = to_oci_json(resolve(load_profile("docker-20.10.0"), docker_options()));
  EXPECT_EQ(oci["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_FALSE(oci.contains("defaultErrnoRet"));
  EXPECT_FALSE(oci.contains("archMap"));
  EXPECT_EQ(oci["architectures"].size(), 3u);
  for (const auto& rule : oci["syscalls"]) {
    EXPECT_FALSE(rule.contains("includes"));
    EXPECT_FALSE(rule.contains("excludes"));
  }
  // The 20.10.0 clone rule for non-s390 hosts: syscalls[14] survives without CAP_SYS_ADMIN.
  bool found_clone_mask = false;
  for (const auto& rule : oci["syscalls"]) {
    if (rule["names"] == std::vector<std::string>{"clone"} && rule.contains("args")) {
      found_clone_mask = rule["args"][0]["value"] == 2114060288u && rule["args"][0]["op"] == "SCMP_CMP_MASKED_EQ";
    }
  }
  EXPECT_TRUE(found_clone_mask);
}

TEST(Resolve, UnconditionallyAllowed) {
  const auto allowed = unconditionally_allowed(resolve(load_profile("docker"), docker_options()));
  const auto& x86_64 = allowed.at(Abi::x86_64);
  EXPECT_TRUE(x86_64.contains(0));     // read
  EXPECT_TRUE(x86_64.contains(59));    // execve
  EXPECT_FALSE(x86_64.contains(41));   // socket: arguments decide
  EXPECT_FALSE(x86_64.contains(56));   // clone: arguments decide
  EXPECT_FALSE(x86_64.contains(250));  // keyctl: denied
  EXPECT_TRUE(allowed.at(Abi::i386).contains(102));  // socketcall
}

TEST(Resolve, RejectsX32Host) {
  ResolveOptions options = docker_options();
  options.native_abi = Abi::x32;
  EXPECT_THROW(resolve(load_profile("docker"), options), ProfileError);
}

}  // namespace
}  // namespace box::seccomp
