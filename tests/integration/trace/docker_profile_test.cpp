// The tracer's fast mode driven by a resolved built-in profile, as `boxfit check` uses it.
#include <gtest/gtest.h>

#include <cerrno>

#include "fixture_support.h"
#include "seccomp/builtin_profiles.h"
#include "seccomp/evaluate.h"
#include "seccomp/resolve.h"
#include "trace/tracer.h"

namespace box::trace {
namespace {

using seccomp::Abi;
using testing::CapturedStdout;
using testing::fixture;
using testing::syscall_names;

seccomp::ResolvedProfile resolved_docker_profile() {
  seccomp::ResolveOptions options;
  options.native_abi = Abi::x86_64;
  options.capabilities = seccomp::default_capabilities(seccomp::Runtime::docker);
  options.kernel = {6, 1};
  return seccomp::resolve(seccomp::load_profile("docker"), options);
}

TEST(DockerProfile, KeyringStopsOnlyKeyCalls) {
  const seccomp::ResolvedProfile profile = resolved_docker_profile();
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.allow_without_stop = seccomp::unconditionally_allowed(profile);
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::x86_64), (std::set<std::string>{"add_key", "keyctl"}));
}

TEST(DockerProfile, I386KeyringStopsOnlyKeyCalls) {
  const seccomp::ResolvedProfile profile = resolved_docker_profile();
  TraceOptions options;
  options.argv = {fixture("keyring_i386")};
  options.allow_without_stop = seccomp::unconditionally_allowed(profile);
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(syscall_names(result, Abi::i386), (std::set<std::string>{"add_key", "keyctl"}));
  EXPECT_EQ(syscall_names(result, Abi::x86_64), std::set<std::string>{});
}

TEST(DockerProfile, EnforcedKeyringFails) {
  const seccomp::ResolvedProfile profile = resolved_docker_profile();
  TraceOptions options;
  options.argv = {fixture("keyring")};
  options.allow_without_stop = seccomp::unconditionally_allowed(profile);
  options.decide = [&profile](const SyscallEvent& event) {
    const seccomp::Verdict verdict = seccomp::evaluate(profile, event.abi, event.number, event.args);
    return verdict.allowed() ? 0 : verdict.errno_value;
  };
  CapturedStdout output;
  const TraceResult result = run_traced(options);

  EXPECT_EQ(output.text(), "add_key failed: EPERM\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.find(Abi::x86_64, "add_key")->errors.at("EPERM"), 1u);
}

TEST(DockerProfile, ThreadsForkStopsOnClone) {
  const seccomp::ResolvedProfile profile = resolved_docker_profile();
  TraceOptions options;
  options.argv = {fixture("threads_fork")};
  options.allow_without_stop = seccomp::unconditionally_allowed(profile);
  options.argument_sensitive = default_argument_sensitive();
  const TraceResult result = run_traced(options);

  EXPECT_EQ(result.exit_code, 0);
  // The profile allows clone only for some flags, and clone3 returns ENOSYS without
  // CAP_SYS_ADMIN, so both stop. The thread's and the child's other calls run freely.
  EXPECT_EQ(syscall_names(result, Abi::x86_64), (std::set<std::string>{"clone", "clone3"}));
  EXPECT_FALSE(result.find(Abi::x86_64, "clone")->arg_sets.empty());
}

}  // namespace
}  // namespace box::trace
