// Capability names and Docker's --cap-add/--cap-drop rules.
#include <gtest/gtest.h>

#include "seccomp/capabilities.h"
#include "seccomp/errors.h"

namespace box::seccomp {
namespace {

TEST(Capabilities, Normalizes) {
  EXPECT_EQ(normalize_capability("sys_admin"), "CAP_SYS_ADMIN");
  EXPECT_EQ(normalize_capability("CAP_BPF"), "CAP_BPF");
  EXPECT_EQ(normalize_capability("all"), "ALL");
  EXPECT_FALSE(normalize_capability("CAP_FLY").has_value());
}

TEST(Capabilities, DefaultSetsDiffer) {
  EXPECT_EQ(default_capabilities(Runtime::docker).size(), 14u);
  EXPECT_EQ(default_capabilities(Runtime::podman).size(), 11u);
  EXPECT_TRUE(default_capabilities(Runtime::docker).contains("CAP_AUDIT_WRITE"));
  EXPECT_FALSE(default_capabilities(Runtime::podman).contains("CAP_AUDIT_WRITE"));
}

TEST(Capabilities, AddAndDrop) {
  const auto base = default_capabilities(Runtime::docker);
  const auto changed = apply_capability_changes(base, {"SYS_ADMIN"}, {"NET_RAW"});
  EXPECT_TRUE(changed.contains("CAP_SYS_ADMIN"));
  EXPECT_FALSE(changed.contains("CAP_NET_RAW"));
  EXPECT_EQ(changed.size(), 14u);
}

TEST(Capabilities, DropAllThenAdd) {
  const auto changed = apply_capability_changes(default_capabilities(Runtime::docker), {"CAP_CHOWN"}, {"ALL"});
  EXPECT_EQ(changed, std::set<std::string>{"CAP_CHOWN"});
}

TEST(Capabilities, AddAllExceptDropped) {
  const auto changed = apply_capability_changes({}, {"ALL"}, {"CAP_SYS_ADMIN"});
  EXPECT_EQ(changed.size(), all_capabilities().size() - 1);
  EXPECT_FALSE(changed.contains("CAP_SYS_ADMIN"));
}

TEST(Capabilities, RejectsUnknown) {
  try {
    apply_capability_changes({}, {"CAP_FLY"}, {});
    FAIL() << "expected ProfileError";
  } catch (const ProfileError& error) {
    EXPECT_STREQ(error.what(), "--cap-add: unknown capability \"CAP_FLY\"; use a name such as CAP_SYS_ADMIN, or ALL");
  }
}

}  // namespace
}  // namespace box::seccomp
