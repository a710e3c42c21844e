// boxcopy doctor through the real binary: against Azurite, and under a real
// seccomp filter that denies the keyring calls.
#include <gtest/gtest.h>

#include <string>

#include "copy_test_support.h"
#include "support/azurite.h"
#include "support/process.h"

namespace box::testing {
namespace {

TEST(DoctorCommand, HealthyAgainstAzurite) {
  TempDir state;
  const auto result = run_boxcopy({"doctor", shared_azurite().account_url(), "--destination", state.path()},
                                  state.path(), {{"BOXCOPY_TOKEN_STORE", ""}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("ok: connectivity: HEAD " + shared_azurite().account_url()), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("ok: clock: local clock differs from the server's by"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("free at " + state.path()), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("problem:"), std::string::npos) << result.out;
}

TEST(DoctorCommand, ClosedPortExitsOne) {
  TempDir state;
  const std::string url = "http://127.0.0.1:" + std::to_string(free_loopback_port()) + "/devstoreaccount1";
  const auto result = run_boxcopy({"doctor", url}, state.path());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("problem: connectivity:"), std::string::npos) << result.out;
}

TEST(DoctorCommand, KeyringDeniedNamesFileStore) {
  TempDir state;
  // seccomp_exec fails add_key, keyctl and request_key with EPERM, as Docker's default profile does.
  ProcessOptions options;
  options.set_env = {{"BOXCOPY_STATE_DIR", state.path()}};
  options.unset_env = {"BOXCOPY_TOKEN_STORE"};
  const auto result = run_process({SECCOMP_EXEC_BINARY, BOXCOPY_BINARY, "doctor"}, options);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("ok: seccomp: filter mode"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("warning: keyring: keyctl failed with EPERM"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("ok: token store: file " + state.path() + "/oauth-token.json"), std::string::npos)
      << result.out;
}

}  // namespace
}  // namespace box::testing
