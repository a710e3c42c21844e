// The boxcopy image in a real OCI runtime: the bundle from image/build-image.sh
// runs under runc as the image's non-root user, with no new privileges, each
// runtime's default capabilities and its default seccomp profile resolved by
// boxfit. Each profile must allow a persisted service principal login, a folder
// copied up and back, and a workload identity auto-login; Docker 20.10.0's must
// fail at once with the cause named.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth_fixture.h"
#include "seccomp/capabilities.h"

namespace box::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr unsigned kImageUid = 10001;  // the image's boxcopy user

// Returns why these tests cannot run here, or "" when they can.
std::string missing_prerequisite() {
  if (geteuid() != 0) {
    return "runc needs root to create containers here";
  }
  for (const char* tool : {"runc", "umoci"}) {
    if (run_process({"sh", "-c", std::string("command -v ") + tool}).exit_code != 0) {
      return std::string(tool) + " is not installed (scripts/install-deps.sh installs it)";
    }
  }
  return {};
}

void chown_tree(const std::string& root) {
  if (chown(root.c_str(), kImageUid, kImageUid) != 0) {
    throw std::runtime_error("chown failed on " + root);
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (lchown(entry.path().c_str(), kImageUid, kImageUid) != 0) {
      throw std::runtime_error("chown failed on " + entry.path().string());
    }
  }
}

std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).string()] = read_text(entry.path().string());
    }
  }
  return files;
}

// Servers and the image, shared by every test in this binary.
struct Environment {
  TestPki pki;
  TokenServer server{pki};
  std::unique_ptr<Azurite> azurite = start_oauth_azurite(pki);
  TempDir image;
  json base_config;

  Environment() {
    const auto built = run_process({BOXCOPY_SOURCE_DIR "/image/build-image.sh", BOXCOPY_BINARY, image.path()});
    if (built.exit_code != 0) {
      throw std::runtime_error("image/build-image.sh failed: " + built.out + built.err);
    }
    base_config = json::parse(read_text(bundle() + "/config.json"));
    // The test CA must be readable by the image's user through the bind mount.
    chmod(pki.ca().c_str(), 0644);
  }

  std::string bundle() const { return image.path() + "/bundle"; }
};

Environment& env() {
  static Environment instance;
  return instance;
}

int container_counter = 0;

struct ProfileCase {
  const char* label;
  std::string profile;  // built-in name or file
  seccomp::Runtime runtime;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const ProfileCase& profile_case, std::ostream* out) { *out << profile_case.label; }

// One container's worth of state: a work folder mounted at /work, a resolved
// profile, and a config.json per run.
class Container {
 public:
  explicit Container(const ProfileCase& profile_case) : case_(profile_case) {
    const auto resolved = run_process({BOXFIT_BINARY, "resolve", "--profile", case_.profile, "--runtime",
                                       std::string(seccomp::runtime_name(case_.runtime)), "-o", profile_path()});
    if (resolved.exit_code != 0) {
      throw std::runtime_error("boxfit resolve failed: " + resolved.out + resolved.err);
    }
    fs::create_directories(work_.path() + "/state");
  }

  std::string work() const { return work_.path(); }

  // Runs /usr/local/bin/boxcopy ARGS in a new container and waits for it.
  ProcessResult run(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env = {}) {
    chown_tree(work_.path());
    const std::string bundle = private_.path() + "/bundle-" + std::to_string(++container_counter);
    fs::create_directories(bundle);
    std::ofstream(bundle + "/config.json") << config(args, extra_env).dump(1);
    const std::string id = "boxcopy-test-" + std::to_string(getpid()) + "-" + std::to_string(container_counter);
    ProcessOptions options;
    options.timeout = std::chrono::seconds(180);
    ProcessResult result = run_process({"runc", "run", "--bundle", bundle, id}, options);
    fs::remove_all(bundle);
    return result;
  }

 private:
  // Kept outside /work, which the container can write.
  std::string profile_path() const { return private_.path() + "/seccomp.json"; }

  json config(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env) const {
    json config = env().base_config;
    config["root"]["path"] = env().bundle() + "/rootfs";
    config["process"]["terminal"] = false;
    config["process"]["args"] = json::array({"/usr/local/bin/boxcopy"});
    for (const auto& arg : args) {
      config["process"]["args"].push_back(arg);
    }
    config["process"]["env"].push_back("SSL_CERT_FILE=/etc/ssl/test-ca.pem");
    config["process"]["env"].push_back("BOXCOPY_STATE_DIR=/work/state");
    for (const auto& [name, value] : extra_env) {
      config["process"]["env"].push_back(name + "=" + value);
    }
    config["process"]["noNewPrivileges"] = true;

    json caps = json::array();
    for (const auto& name : seccomp::default_capabilities(case_.runtime)) {
      caps.push_back(name.rfind("CAP_", 0) == 0 ? name : "CAP_" + name);
    }
    config["process"]["capabilities"] = {{"bounding", caps}, {"effective", caps}, {"permitted", caps}};

    config["mounts"].push_back({{"destination", "/work"},
                                {"type", "bind"},
                                {"source", work_.path()},
                                {"options", json::array({"rbind", "rw"})}});
    config["mounts"].push_back({{"destination", "/etc/ssl/test-ca.pem"},
                                {"type", "bind"},
                                {"source", env().pki.ca()},
                                {"options", json::array({"bind", "ro"})}});
    // The host network, so the container reaches Azurite and the token server on 127.0.0.1.
    json namespaces = json::array();
    for (const auto& ns : config["linux"]["namespaces"]) {
      if (ns["type"] != "network") {
        namespaces.push_back(ns);
      }
    }
    config["linux"]["namespaces"] = namespaces;
    config["linux"]["seccomp"] = json::parse(read_text(profile_path()));
    return config;
  }

  ProfileCase case_;
  TempDir work_;
  TempDir private_;  // this container's profile and per-run bundles; tests run in parallel
};

std::vector<std::string> trusted(std::vector<std::string> args) {
  args.insert(args.end(), {"--trusted-microsoft-suffixes", "127.0.0.1"});
  return args;
}

class ContainerProfile : public ::testing::TestWithParam<ProfileCase> {
 protected:
  void SetUp() override {
    if (const std::string reason = missing_prerequisite(); !reason.empty()) {
      GTEST_SKIP() << reason;
    }
  }
};

TEST_P(ContainerProfile, LoginCopyAndWorkloadIdentity) {
  Container container(GetParam());
  const std::string url = env().azurite->account_url() + "/image-" + std::string(GetParam().label);
  const std::string source = container.work() + "/src";
  fs::create_directories(source + "/nested/deeper");
  write_text(source + "/a.txt", "first file\n", 0644);
  write_text(source + "/nested/b.bin", std::string(300 * 1024, 'b'), 0644);
  write_text(source + "/nested/deeper/c d#.txt", "name with a space and a hash\n", 0644);

  // A persisted service principal login: the keyring is denied, so the file store is used.
  const auto login = container.run({"login", "--login-type", "spn", "--tenant-id", kTenant, "--application-id",
                                    kClientId, "--aad-endpoint", env().server.authority()},
                                   {{"AZCOPY_SPA_CLIENT_SECRET", kClientSecret}});
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE(login.err.find("keeping the login in"), std::string::npos) << login.err;
  const auto status = container.run({"login", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("/work/state/oauth-token.json"), std::string::npos) << status.out;

  const auto made = container.run(trusted({"make", url}));
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const auto up = container.run(trusted({"copy", "/work/src", url, "--recursive"}));
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  const auto down = container.run(trusted({"copy", url + "/src", "/work/down-spn", "--recursive"}));
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_EQ(read_tree(container.work() + "/down-spn/src"), read_tree(source));

  const auto logout = container.run({"logout"});
  ASSERT_EQ(logout.exit_code, 0) << logout.out << logout.err;

  // Auto-login with workload identity, nothing stored.
  write_text(container.work() + "/federated-token",
             make_federated_token(env().pki, "system:serviceaccount:default:boxcopy"));
  const auto workload = container.run(trusted({"copy", url + "/src", "/work/down-workload", "--recursive"}),
                                      {{"AZCOPY_AUTO_LOGIN_TYPE", "WORKLOAD"},
                                       {"AZURE_CLIENT_ID", kClientId},
                                       {"AZURE_TENANT_ID", kTenant},
                                       {"AZURE_FEDERATED_TOKEN_FILE", "/work/federated-token"},
                                       {"AZURE_AUTHORITY_HOST", env().server.authority()}});
  ASSERT_EQ(workload.exit_code, 0) << workload.out << workload.err;
  EXPECT_EQ(read_tree(container.work() + "/down-workload/src"), read_tree(source));
}

INSTANTIATE_TEST_SUITE_P(
    Runtimes, ContainerProfile,
    ::testing::Values(ProfileCase{"docker", "docker", seccomp::Runtime::docker},
                      ProfileCase{"docker-28-5", "docker-28.5", seccomp::Runtime::docker},
                      ProfileCase{"podman", "podman", seccomp::Runtime::podman},
                      ProfileCase{"containerd", "containerd", seccomp::Runtime::containerd},
                      ProfileCase{"boxcopy", BOXCOPY_SOURCE_DIR "/image/boxcopy-seccomp.json",
                                  seccomp::Runtime::docker}),
    [](const ::testing::TestParamInfo<ProfileCase>& param_info) {
      std::string name = param_info.param.label;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(ContainerImage, ArchiveConfigReadable) {
  if (const std::string reason = missing_prerequisite(); !reason.empty()) {
    GTEST_SKIP() << reason;
  }
  if (run_process({"sh", "-c", "command -v skopeo"}).exit_code != 0) {
    GTEST_SKIP() << "skopeo is not installed (scripts/install-deps.sh installs it)";
  }
  // skopeo reads the archive with the same image library as podman load.
  const auto inspected =
      run_process({"skopeo", "inspect", "--config", "oci-archive:" + env().image.path() + "/boxcopy-oci.tar"});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  const json config = json::parse(inspected.out);
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["config"]["User"], "10001:10001");
  EXPECT_EQ(config["config"]["Entrypoint"], json::array({"/usr/local/bin/boxcopy"}));
  EXPECT_EQ(config["config"]["WorkingDir"], "/home/boxcopy");
}

class ContainerFailure : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string reason = missing_prerequisite(); !reason.empty()) {
      GTEST_SKIP() << reason;
    }
  }
};

TEST_F(ContainerFailure, Docker20100NamesClone3) {
  // clone3 gets EPERM there, and glibc 2.34 and later fall back to clone only on ENOSYS.
  Container container({"docker-20-10-0", "docker-20.10.0", seccomp::Runtime::docker});
  const auto result = container.run({"list", env().azurite->account_url() + "/any"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("cannot start a thread"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("clone3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("20.10.10"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("boxfit patch"), std::string::npos) << result.err;

  const auto check = run_process({BOXFIT_BINARY, "check", "--profile", "docker-20.10.0", "--", BOXCOPY_BINARY,
                                  "--version"});
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find("DENIED  clone3"), std::string::npos) << check.out << check.err;
}

TEST_F(ContainerFailure, ForcedKeyringExplainsSeccomp) {
  Container container({"docker", "docker", seccomp::Runtime::docker});
  const auto login = container.run({"login", "--login-type", "spn", "--tenant-id", kTenant, "--application-id",
                                    kClientId, "--aad-endpoint", env().server.authority(), "--token-store",
                                    "keyring"},
                                   {{"AZCOPY_SPA_CLIENT_SECRET", kClientSecret}});
  EXPECT_EQ(login.exit_code, 1) << login.out << login.err;
  EXPECT_NE(login.err.find("seccomp profile denies the keyring syscalls"), std::string::npos) << login.err;
  EXPECT_NE(login.err.find("--token-store file"), std::string::npos) << login.err;
  EXPECT_EQ((login.out + login.err).find(kClientSecret), std::string::npos);
}

}  // namespace
}  // namespace box::testing
