// `boxcopy login`, `login status`, `logout` and copies with the stored login,
// run as the real binary against the Node token server and Azurite over HTTPS
// with --oauth basic, also under seccomp filters that deny the kernel keyring.
// Every test ends by searching stdout, stderr and the log files for secrets.
#include <gtest/gtest.h>
#include <keyutils.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "auth_fixture.h"

namespace box::testing {
namespace {

namespace fs = std::filesystem;

struct Environment {
  TestPki pki;
  TokenServer server{pki};
  std::unique_ptr<Azurite> azurite = start_oauth_azurite(pki);
};

Environment& env() {
  static Environment instance;
  return instance;
}

// Container names stay unique across tests, which share one Azurite.
int container_counter = 0;

bool keyring_usable() {
  return keyctl_search(KEY_SPEC_USER_KEYRING, "user", "boxcopy-probe-none", 0) >= 0 || errno == ENOKEY;
}

std::string boxfit_path() {
  if (const char* path = std::getenv("BOXCOPY_TEST_BOXFIT"); path && *path) {
    return path;
  }
  return fs::exists(BOXCOPY_TEST_BOXFIT) ? BOXCOPY_TEST_BOXFIT : "";
}

class LoginCli : public ::testing::Test {
 protected:
  void SetUp() override {
    state_dir_ = work_.path() + "/state";
    base_env_ = {{"BOXCOPY_STATE_DIR", state_dir_},
                 {"SSL_CERT_FILE", env().pki.ca()},
                 {"HOME", work_.path()}};
    for (const char* name : {"AZCOPY_AUTO_LOGIN_TYPE", "AZCOPY_SPA_CLIENT_SECRET", "AZCOPY_SPA_CERT_PASSWORD",
                             "AZCOPY_SPA_APPLICATION_ID", "AZCOPY_SPA_CERT_PATH", "AZCOPY_TENANT_ID",
                             "AZCOPY_MSI_CLIENT_ID", "AZCOPY_MSI_RESOURCE_STRING", "AZCOPY_ACTIVE_DIRECTORY_ENDPOINT",
                             "AZURE_AUTHORITY_HOST", "AZURE_CLIENT_ID", "AZURE_TENANT_ID",
                             "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT",
                             "MSI_SECRET", "IMDS_ENDPOINT", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                             "BOXCOPY_TOKEN_STORE", "AZCOPY_LOG_LOCATION", "AZCOPY_JOB_PLAN_LOCATION",
                             "AZURE_STORAGE_CONNECTION_STRING"}) {
      unset_.push_back(name);
    }
  }

  void TearDown() override {
    run({"logout"});
    expect_no_secrets();
  }

  // Runs boxcopy, optionally behind a wrapper such as seccomp_exec, and keeps its output for the secret search.
  ProcessResult run(std::vector<std::string> args, const std::map<std::string, std::string>& extra_env = {},
                    const std::vector<std::string>& wrapper = {}) {
    std::vector<std::string> argv = wrapper;
    argv.push_back(BOXCOPY_TEST_BINARY);
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.set_env = base_env_;
    for (const auto& [name, value] : extra_env) {
      options.set_env[name] = value;
    }
    options.unset_env = unset_;
    for (const auto& [name, value] : extra_env) {
      std::erase(options.unset_env, name);
    }
    options.timeout = std::chrono::seconds(120);
    ProcessResult result = run_process(argv, options);
    outputs_.push_back(result.out + result.err);
    return result;
  }

  std::vector<std::string> spn_login_args(const std::string& store = "") const {
    std::vector<std::string> args = {"login", "--login-type", "SPN", "--tenant-id", kTenant, "--application-id",
                                     kClientId, "--aad-endpoint", env().server.authority()};
    if (!store.empty()) {
      args.insert(args.end(), {"--token-store", store});
    }
    return args;
  }

  static std::map<std::string, std::string> secret_env() { return {{"AZCOPY_SPA_CLIENT_SECRET", kClientSecret}}; }

  std::string token_file() const { return state_dir_ + "/oauth-token.json"; }

  std::string stored_access_token() const {
    if (!fs::exists(token_file())) {
      return {};
    }
    return nlohmann::json::parse(read_text(token_file())).value("access_token", "");
  }

  // Makes a container, uploads a file, downloads it and compares, all with the stored login.
  void copy_round_trip(const std::map<std::string, std::string>& extra_env = {},
                       const std::vector<std::string>& wrapper = {}) {
    const std::string container = env().azurite->account_url() + "/cli" + std::to_string(++container_counter);
    const std::string source = work_.path() + "/upload.txt";
    const std::string target = work_.path() + "/download.txt";
    write_text(source, "content copied with an OAuth login\n");
    fs::remove(target);
    const std::vector<std::string> trust = {"--trusted-microsoft-suffixes", "127.0.0.1"};

    auto with_trust = [&](std::vector<std::string> args) {
      args.insert(args.begin(), trust.begin(), trust.end());
      return args;
    };
    const ProcessResult make_result = run(with_trust({"make", container}), extra_env, wrapper);
    ASSERT_EQ(make_result.exit_code, 0) << make_result.out << make_result.err;
    const ProcessResult up = run(with_trust({"copy", source, container + "/upload.txt"}), extra_env, wrapper);
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    const ProcessResult down = run(with_trust({"copy", container + "/upload.txt", target}), extra_env, wrapper);
    ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
    EXPECT_EQ(read_text(target), read_text(source));
  }

  void expect_status(const std::string& method, const std::string& store_word,
                     const std::vector<std::string>& wrapper = {}) {
    const ProcessResult status = run({"login", "status"}, {}, wrapper);
    ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
    EXPECT_NE(status.out.find("Method: " + method), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Token expires: "), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Token kept in: " + store_word), std::string::npos) << status.out;
  }

  // No secret may reach stdout, stderr or a log file.
  void expect_no_secrets() {
    std::vector<std::string> secrets = {kClientSecret, kCertPassword, kIdentityHeader, kMsiSecret};
    secrets.insert(secrets.end(), tokens_seen_.begin(), tokens_seen_.end());
    std::vector<std::pair<std::string, std::string>> places;
    for (std::size_t i = 0; i < outputs_.size(); ++i) {
      places.emplace_back("output of run " + std::to_string(i), outputs_[i]);
    }
    if (fs::exists(state_dir_)) {
      for (const auto& entry : fs::recursive_directory_iterator(state_dir_)) {
        if (entry.is_regular_file() && entry.path().filename() != "oauth-token.json") {
          places.emplace_back(entry.path().string(), read_text(entry.path().string()));
        }
      }
    }
    for (const auto& secret : secrets) {
      for (const auto& [place, text] : places) {
        EXPECT_EQ(text.find(secret), std::string::npos) << "a secret appears in " << place;
      }
    }
  }

  void remember_stored_token() {
    if (auto token = stored_access_token(); !token.empty()) {
      tokens_seen_.push_back(token);
    }
  }

  TempDir work_;
  std::string state_dir_;
  std::map<std::string, std::string> base_env_;
  std::vector<std::string> unset_;
  std::vector<std::string> outputs_;
  std::vector<std::string> tokens_seen_;
};

TEST_F(LoginCli, ServicePrincipalSecretFileStore) {
  const ProcessResult login = run(spn_login_args("file"), secret_env());
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE(login.out.find("Login succeeded"), std::string::npos) << login.out;
  remember_stored_token();

  struct stat info {};
  ASSERT_EQ(stat(token_file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(read_text(token_file()).find(kClientSecret), std::string::npos);

  expect_status("spn", "file");
  const ProcessResult tenant = run({"login", "status", "--tenant"});
  EXPECT_EQ(tenant.exit_code, 0);
  EXPECT_EQ(tenant.out, std::string(kTenant) + "\n");
  const ProcessResult endpoint = run({"login", "status", "--endpoint"});
  EXPECT_EQ(endpoint.exit_code, 0);
  EXPECT_EQ(endpoint.out, env().server.authority() + "\n");
  copy_round_trip();

  const ProcessResult logout = run({"logout"});
  EXPECT_EQ(logout.exit_code, 0);
  EXPECT_FALSE(fs::exists(token_file()));
  EXPECT_EQ(run({"login", "status"}).exit_code, 1);
}

TEST_F(LoginCli, FileStoreRenewsOnlyWithSecret) {
  env().server.configure({{"token_lifetime", 2}});
  const ProcessResult login = run(spn_login_args("file"), secret_env());
  env().server.configure({{"token_lifetime", 3600}});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  remember_stored_token();
  std::this_thread::sleep_for(std::chrono::seconds(3));

  // The file keeps no secret, so the expired login cannot be renewed without one.
  const ProcessResult status = run({"login", "status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_EQ(status.out.rfind("The spn login expired ", 0), 0u) << status.out;
  EXPECT_NE(status.out.find("set AZCOPY_SPA_CLIENT_SECRET or run `boxcopy login --login-type spn` again"),
            std::string::npos)
      << status.out;
  EXPECT_EQ(status.out.find("You are logged in"), std::string::npos) << status.out;
  const ProcessResult renewable = run({"login", "status"}, secret_env());
  EXPECT_EQ(renewable.exit_code, 0);
  EXPECT_EQ(renewable.out.rfind("You are logged in. The token expired ", 0), 0u) << renewable.out;
  EXPECT_NE(renewable.out.find("; the next command renews it."), std::string::npos) << renewable.out;

  const ProcessResult expired = run({"--trusted-microsoft-suffixes", "127.0.0.1", "list",
                                     env().azurite->account_url() + "/nothing"});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_NE((expired.out + expired.err).find("expired"), std::string::npos) << expired.out << expired.err;
  EXPECT_NE((expired.out + expired.err).find("AZCOPY_SPA_CLIENT_SECRET"), std::string::npos) << expired.out
                                                                                              << expired.err;
  copy_round_trip(secret_env());
  remember_stored_token();
}

TEST_F(LoginCli, KeyringStoreRenewsWithStoredSecret) {
  if (!keyring_usable()) {
    GTEST_SKIP() << "the kernel keyring is not usable in this environment";
  }
  env().server.configure({{"token_lifetime", 2}});
  const ProcessResult login = run(spn_login_args(), secret_env());
  env().server.configure({{"token_lifetime", 3600}});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_FALSE(fs::exists(token_file()));
  expect_status("spn", "kernel keyring");
  std::this_thread::sleep_for(std::chrono::seconds(3));

  // The keyring kept the secret, so no environment variable is needed to renew.
  copy_round_trip();
}

TEST_F(LoginCli, CertificatePfxLogin) {
  std::vector<std::string> args = {"login", "--service-principal", "--certificate-path", env().pki.client_pfx(),
                                   "--tenant-id", kTenant, "--application-id", kClientId, "--aad-endpoint",
                                   env().server.authority(), "--token-store", "file"};
  const ProcessResult login = run(args, {{"AZCOPY_SPA_CERT_PASSWORD", kCertPassword}});
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE((login.out + login.err).find("--service-principal is deprecated"), std::string::npos) << login.out;
  remember_stored_token();
  EXPECT_EQ(read_text(token_file()).find(kCertPassword), std::string::npos);
  expect_status("spn", "file");
  copy_round_trip({{"AZCOPY_SPA_CERT_PASSWORD", kCertPassword}});
}

TEST_F(LoginCli, ExpiredCertificateNamesPassword) {
  env().server.configure({{"token_lifetime", 2}});
  const ProcessResult login =
      run({"login", "--login-type", "spn", "--certificate-path", env().pki.client_encrypted(), "--tenant-id", kTenant,
           "--application-id", kClientId, "--aad-endpoint", env().server.authority(), "--token-store", "file"},
          {{"AZCOPY_SPA_CERT_PASSWORD", kCertPassword}});
  env().server.configure({{"token_lifetime", 3600}});
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  remember_stored_token();
  std::this_thread::sleep_for(std::chrono::seconds(3));

  const ProcessResult expired = run({"--trusted-microsoft-suffixes", "127.0.0.1", "list",
                                     env().azurite->account_url() + "/nothing"});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_NE(expired.err.find("set AZCOPY_SPA_CERT_PASSWORD or run `boxcopy login --login-type spn` again"),
            std::string::npos)
      << expired.err;
  EXPECT_EQ(expired.err.find("AZCOPY_SPA_CLIENT_SECRET"), std::string::npos) << expired.err;
  const ProcessResult status = run({"login", "status"});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.out.find("set AZCOPY_SPA_CERT_PASSWORD"), std::string::npos) << status.out;
}

TEST_F(LoginCli, DeviceCodeLogin) {
  env().server.configure({{"device_scenario", "pending"}});
  const ProcessResult login =
      run({"login", "--aad-endpoint", env().server.authority(), "--token-store", "file"});
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE(login.out.find("/devicelogin and enter the code"), std::string::npos) << login.out;
  remember_stored_token();
  const auto stored = nlohmann::json::parse(read_text(token_file()));
  EXPECT_FALSE(stored.value("refresh_token", "").empty());
  tokens_seen_.push_back(stored.value("refresh_token", ""));
  expect_status("device", "file");
  copy_round_trip();
}

TEST_F(LoginCli, ManagedIdentityLogin) {
  const std::map<std::string, std::string> imds = {{"AZURE_POD_IDENTITY_AUTHORITY_HOST", env().server.http_base()}};
  const ProcessResult login =
      run({"login", "--identity", "--identity-client-id", "cli-client-id", "--token-store", "file"}, imds);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE((login.out + login.err).find("--identity is deprecated"), std::string::npos);
  remember_stored_token();
  const ProcessResult status = run({"login", "status"});
  EXPECT_NE(status.out.find("user-assigned, client ID cli-client-id"), std::string::npos) << status.out;
  // A managed identity does not use the authority, so status does not show it.
  EXPECT_EQ(status.out.find("Active directory endpoint:"), std::string::npos) << status.out;
  copy_round_trip(imds);
}

TEST_F(LoginCli, AppServiceManagedIdentityLogin) {
  const std::map<std::string, std::string> app_service = {
      {"IDENTITY_ENDPOINT", env().server.http_base() + "/msi/token"}, {"IDENTITY_HEADER", kIdentityHeader}};
  const ProcessResult login = run({"login", "--login-type", "MSI", "--token-store", "file"}, app_service);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  remember_stored_token();
  copy_round_trip(app_service);
}

TEST_F(LoginCli, WorkloadIdentityLogin) {
  const std::string token_path = work_.path() + "/federated-token";
  write_text(token_path, make_federated_token(env().pki, "system:serviceaccount:default:boxcopy"));
  tokens_seen_.push_back(read_text(token_path));
  const std::map<std::string, std::string> workload = {{"AZURE_CLIENT_ID", kClientId},
                                                       {"AZURE_TENANT_ID", kTenant},
                                                       {"AZURE_FEDERATED_TOKEN_FILE", token_path},
                                                       {"AZURE_AUTHORITY_HOST", env().server.authority()}};
  const ProcessResult login = run({"login", "--login-type", "workload", "--token-store", "file"}, workload);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  remember_stored_token();
  expect_status("workload", "file");
  copy_round_trip(workload);
}

// Azure CLI cannot sign in on loopback, so a stand-in `az` script on PATH
// prints a token minted by the token server, as `az account get-access-token` would.
TEST_F(LoginCli, AzureCliStandInLogin) {
  const auto minted = env().server.mint(kTenant);
  tokens_seen_.push_back(minted["access_token"]);
  const nlohmann::json output = {{"accessToken", minted["access_token"]},
                                 {"expires_on", minted["expires_on"]},
                                 {"tenant", kTenant},
                                 {"tokenType", "Bearer"}};
  write_text(work_.path() + "/az-output.json", output.dump());
  write_text(work_.path() + "/az", "#!/bin/sh\ncat \"" + work_.path() + "/az-output.json\"\n", 0755);
  const std::map<std::string, std::string> path = {{"PATH", work_.path() + ":" + std::getenv("PATH")}};
  const ProcessResult login = run({"login", "--login-type", "AzCLI", "--tenant-id", kTenant, "--token-store", "file"},
                                  path);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  expect_status("azcli", "file");
  copy_round_trip(path);
}

TEST_F(LoginCli, AutoLoginWithoutStoredState) {
  const std::map<std::string, std::string> auto_login = {{"AZCOPY_AUTO_LOGIN_TYPE", "spn"},
                                                         {"AZCOPY_SPA_APPLICATION_ID", kClientId},
                                                         {"AZCOPY_TENANT_ID", kTenant},
                                                         {"AZCOPY_SPA_CLIENT_SECRET", kClientSecret},
                                                         {"AZCOPY_ACTIVE_DIRECTORY_ENDPOINT", env().server.authority()}};
  copy_round_trip(auto_login);
  EXPECT_FALSE(fs::exists(token_file()));
  EXPECT_EQ(run({"login", "status"}).exit_code, 1);
}

TEST_F(LoginCli, InvalidInputExitsWithUsage) {
  const ProcessResult bad_type = run({"login", "--login-type", "password"});
  EXPECT_EQ(bad_type.exit_code, 2);
  EXPECT_NE(bad_type.err.find("'password'"), std::string::npos) << bad_type.err;

  const ProcessResult no_tenant = run({"login", "--login-type", "spn", "--application-id", kClientId}, secret_env());
  EXPECT_EQ(no_tenant.exit_code, 2);
  EXPECT_NE(no_tenant.err.find("--tenant-id"), std::string::npos) << no_tenant.err;

  const ProcessResult bad_store = run({"login", "status", "--token-store", "disk"});
  EXPECT_EQ(bad_store.exit_code, 2);

  // Secrets are never accepted as flags, and the value after an unknown flag is never shown.
  const std::string value = "flag-secret-value";
  for (const auto& args : {std::vector<std::string>{"login", "--login-type", "spn", "--client-secret", value},
                           std::vector<std::string>{"login", "--client-secret=" + value, "--login-type", "spn"},
                           std::vector<std::string>{"--client-secret", value, "login", "--login-type", "spn"}}) {
    const ProcessResult secret_flag = run(args);
    EXPECT_EQ(secret_flag.exit_code, 2);
    EXPECT_NE(secret_flag.err.find("unknown flag '--client-secret'"), std::string::npos) << secret_flag.err;
    EXPECT_NE(secret_flag.err.find("environment variables AZCOPY_SPA_CLIENT_SECRET and AZCOPY_SPA_CERT_PASSWORD"),
              std::string::npos)
        << secret_flag.err;
    EXPECT_EQ((secret_flag.out + secret_flag.err).find(value), std::string::npos) << secret_flag.err;
  }
  EXPECT_FALSE(fs::exists(token_file()));

  const ProcessResult typo = run({"login", "status", "--tenent", "typed-value"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("unknown flag '--tenent'; did you mean '--tenant'?"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("boxcopy login status --help"), std::string::npos) << typo.err;
  EXPECT_EQ(typo.err.find("typed-value"), std::string::npos) << typo.err;
}

TEST_F(LoginCli, UntrustedCertificateNamesCaVariables) {
  // The client certificate is self-signed and did not sign the token server's certificate.
  const ProcessResult login = run(spn_login_args("file"), {{"AZCOPY_SPA_CLIENT_SECRET", kClientSecret},
                                                           {"SSL_CERT_FILE", env().pki.client_cert()}});
  EXPECT_EQ(login.exit_code, 1);
  EXPECT_NE(login.err.find("set SSL_CERT_FILE or SSL_CERT_DIR to the CA bundle that signed the server's "
                           "certificate"),
            std::string::npos)
      << login.err;
  EXPECT_FALSE(fs::exists(token_file()));
}

TEST_F(LoginCli, NewLoginReplacesOtherStore) {
  if (!keyring_usable()) {
    GTEST_SKIP() << "the kernel keyring is not usable in this environment";
  }
  const std::map<std::string, std::string> imds = {{"AZURE_POD_IDENTITY_AUTHORITY_HOST", env().server.http_base()}};
  ASSERT_EQ(run(spn_login_args(), secret_env()).exit_code, 0);
  const ProcessResult msi = run({"login", "--login-type", "msi", "--token-store", "file"}, imds);
  ASSERT_EQ(msi.exit_code, 0) << msi.out << msi.err;
  EXPECT_NE(msi.out.find("Removed the older login from: kernel keyring"), std::string::npos) << msi.out;
  remember_stored_token();
  const ProcessResult after_msi = run({"login", "status"});
  EXPECT_NE(after_msi.out.find("Method: msi"), std::string::npos) << after_msi.out;
  EXPECT_EQ(after_msi.out.find("Also kept:"), std::string::npos) << after_msi.out;
  EXPECT_EQ(run({"login", "status", "--token-store", "keyring"}).exit_code, 1);

  // The reverse order: a keyring login removes the file login.
  const std::string older_file = work_.path() + "/older-login.json";
  fs::copy_file(token_file(), older_file);
  ASSERT_EQ(run(spn_login_args(), secret_env()).exit_code, 0);
  EXPECT_FALSE(fs::exists(token_file()));
  expect_status("spn", "kernel keyring");

  // Both stores hold a login, as an older version could leave them.
  fs::copy_file(older_file, token_file());
  const ProcessResult both = run({"login", "status"});
  EXPECT_EQ(both.exit_code, 0);
  EXPECT_NE(both.out.find("Method: spn"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("Token kept in: kernel keyring"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("Also kept: another login (msi) in file " + token_file() + " (mode 0600), which commands do not "
                          "use."),
            std::string::npos)
      << both.out;

  const ProcessResult logout = run({"logout", "--token-store", "file"});
  EXPECT_EQ(logout.exit_code, 0);
  EXPECT_FALSE(fs::exists(token_file()));
  EXPECT_EQ(run({"login", "status"}).exit_code, 1);
  EXPECT_EQ(run({"login", "status", "--token-store", "keyring"}).exit_code, 1);
}

TEST_F(LoginCli, KeyringDeniedFallsBackToFile) {
  const std::vector<std::string> deny_keyring = {BOXCOPY_TEST_SECCOMP_EXEC};
  const ProcessResult login = run(spn_login_args(), secret_env(), deny_keyring);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE(login.err.find("kernel keyring is not usable (add_key: Operation not permitted)"), std::string::npos)
      << login.err;
  remember_stored_token();
  ASSERT_TRUE(fs::exists(token_file()));
  expect_status("spn", "file", deny_keyring);
  copy_round_trip({}, deny_keyring);
}

TEST_F(LoginCli, DockerDefaultProfile) {
  const std::string boxfit = boxfit_path();
  if (boxfit.empty()) {
    GTEST_SKIP() << "boxfit is not built in this tree (set BOXCOPY_TEST_BOXFIT to a boxfit binary); it applies "
                    "Docker's default seccomp profile";
  }
  const std::vector<std::string> docker = {boxfit, "run", "--profile", "docker", "--"};
  const ProcessResult login = run(spn_login_args(), secret_env(), docker);
  ASSERT_EQ(login.exit_code, 0) << login.out << login.err;
  EXPECT_NE(login.err.find("kernel keyring is not usable"), std::string::npos) << login.err;
  remember_stored_token();
  expect_status("spn", "file", docker);
  copy_round_trip({}, docker);
}

}  // namespace
}  // namespace box::testing
