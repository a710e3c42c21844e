// Parsing of Docker-format and OCI profiles, and the JSON paths in the errors for malformed ones.
#include <gtest/gtest.h>

#include <string>

#include "seccomp/errors.h"
#include "seccomp/profile.h"

namespace box::seccomp {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_profile(text, "test");
  } catch (const ProfileError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ProfileParse, DockerFormat) {
  const Profile profile = parse_profile(R"({
    "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
    "syscalls": [
      {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
      {"name": "clone", "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}],
       "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
      {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}
    ]})",
                                        "test");
  EXPECT_EQ(profile.default_action, Action::errno_ret);
  EXPECT_EQ(profile.default_errno_ret, 1u);
  ASSERT_EQ(profile.arch_map.size(), 1u);
  EXPECT_EQ(profile.arch_map[0].sub_arches, std::vector<std::string>{"SCMP_ARCH_X86"});
  ASSERT_EQ(profile.syscalls.size(), 4u);
  EXPECT_EQ(profile.syscalls[1].names, std::vector<std::string>{"clone"});
  EXPECT_EQ(profile.syscalls[1].args[0].op, CompareOp::masked_eq);
  EXPECT_EQ(profile.syscalls[1].args[0].value, 2114060288u);
  EXPECT_EQ(profile.syscalls[1].excludes.caps, std::vector<std::string>{"CAP_SYS_ADMIN"});
  EXPECT_EQ(profile.syscalls[2].includes.min_kernel, (KernelVersion{4, 8}));
  EXPECT_EQ(profile.syscalls[3].errno_ret, 38u);
}

TEST(ProfileParse, EveryOperator) {
  const Profile profile = parse_profile(R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["a"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NE"}]},
      {"names": ["a"], "action": "SCMP_ACT_TRAP", "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_LT"}]},
      {"names": ["a"], "action": "SCMP_ACT_KILL", "args": [{"index": 2, "value": 1, "op": "SCMP_CMP_LE"}]},
      {"names": ["a"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 3, "value": 1, "op": "SCMP_CMP_EQ"}]},
      {"names": ["a"], "action": "SCMP_ACT_KILL_THREAD", "args": [{"index": 4, "value": 1, "op": "SCMP_CMP_GE"}]},
      {"names": ["a"], "action": "SCMP_ACT_TRACE", "args": [{"index": 5, "value": 1, "op": "SCMP_CMP_GT"}]},
      {"names": ["a"], "action": "SCMP_ACT_NOTIFY",
       "args": [{"index": 0, "value": 255, "valueTwo": 18446744073709551615, "op": "SCMP_CMP_MASKED_EQ"}]}]})",
                                        "test");
  ASSERT_EQ(profile.syscalls.size(), 7u);
  EXPECT_EQ(profile.syscalls[2].action, Action::kill_thread);
  EXPECT_EQ(profile.syscalls[3].action, Action::kill_process);
  EXPECT_EQ(profile.syscalls[6].action, Action::user_notif);
  EXPECT_EQ(profile.syscalls[6].args[0].value_two, 18446744073709551615u);
  EXPECT_TRUE(condition_holds(profile.syscalls[6].args[0], 0xff) == false);
  EXPECT_TRUE(condition_holds({0, 0xff, 0x12, CompareOp::masked_eq}, 0x3312));
  EXPECT_TRUE(condition_holds({0, 5, 0, CompareOp::le}, 5));
  EXPECT_FALSE(condition_holds({0, 5, 0, CompareOp::lt}, 5));
}

TEST(ProfileParse, OciConfig) {
  const Profile profile = parse_profile(R"({"ociVersion": "1.0.2", "linux": {"seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}}})",
                                        "config.json");
  EXPECT_EQ(profile.seccomp_pointer, "/linux/seccomp");
  EXPECT_EQ(profile.architectures, std::vector<std::string>{"SCMP_ARCH_X86_64"});
  EXPECT_EQ(profile.syscalls.size(), 1u);
}

TEST(ProfileParse, UnknownOperatorPath) {
  std::string rules;
  for (int i = 0; i < 12; ++i) rules += R"({"names": ["read"], "action": "SCMP_ACT_ALLOW"},)";
  const std::string text = R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [)" + rules +
                           R"({"names": ["socket"], "action": "SCMP_ACT_ALLOW",
                              "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_FOO"}]}]})";
  EXPECT_EQ(error_of(text), "syscalls[12].args[0].op: unknown operator \"SCMP_CMP_FOO\"");
}

TEST(ProfileParse, MalformedPaths) {
  EXPECT_EQ(error_of(R"({"syscalls": []})"),
            "missing \"defaultAction\"; set it, for example to \"SCMP_ACT_ERRNO\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_DENY"})"), "defaultAction: unknown action \"SCMP_ACT_DENY\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": -1})"),
            "defaultErrnoRet: expected an integer from 0 to 65535, found -1");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {}})"),
            "syscalls: expected an array, found object");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"action": "SCMP_ACT_ALLOW"}]})"),
            "syscalls[0]: missing \"names\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO",
                         "syscalls": [{"name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW"}]})"),
            "syscalls[0]: both \"name\" and \"names\" are set; use one of them");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a", 5], "action": "SCMP_ACT_ALLOW"}]})"),
            "syscalls[0].names[1]: expected a string, found number");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"]}]})"),
            "syscalls[0]: missing \"action\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW",
                         "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]})"),
            "syscalls[0].args[0].index: expected an integer from 0 to 5, found 6");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW",
                         "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]})"),
            "syscalls[0].args[0]: missing \"value\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW",
                         "includes": {"minKernel": "four"}}]})"),
            "syscalls[0].includes.minKernel: invalid kernel version \"four\", expected \"X.Y\" such as \"4.8\"");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"], "action": "SCMP_ACT_ALLOW",
                         "excludes": {"caps": "CAP_SYS_ADMIN"}}]})"),
            "syscalls[0].excludes.caps: expected an array, found string");
  EXPECT_EQ(error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                         "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]})"),
            "archMap: both \"architectures\" and \"archMap\" are set; use one of them");
  EXPECT_EQ(error_of(R"({"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO",
                         "syscalls": [{"names": ["a"], "action": "SCMP_ACT_NOPE"}]}}})"),
            "linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_NOPE\"");
  EXPECT_EQ(error_of("[1, 2]"), "expected an object, found array");
}

TEST(ProfileParse, InvalidJson) {
  const std::string message = error_of(R"({"defaultAction": )");
  EXPECT_EQ(message.rfind("invalid JSON at byte 19: ", 0), 0u) << message;
}

}  // namespace
}  // namespace box::seccomp
