// Login settings from flags and AzCopy's environment variables.
#include <gtest/gtest.h>

#include <cstdlib>

#include "auth/entra/authority.h"
#include "auth/login_settings.h"
#include "common/error.h"

namespace box::auth {
namespace {

// Clears the variables these tests read, then restores them.
class CleanEnvironment : public ::testing::Test {
 protected:
  static constexpr const char* kNames[] = {
      "AZCOPY_AUTO_LOGIN_TYPE", "AZCOPY_SPA_APPLICATION_ID", "AZCOPY_SPA_CERT_PATH", "AZCOPY_SPA_CLIENT_SECRET",
      "AZCOPY_SPA_CERT_PASSWORD", "AZCOPY_TENANT_ID", "AZCOPY_MSI_CLIENT_ID", "AZCOPY_MSI_RESOURCE_STRING",
      "AZCOPY_ACTIVE_DIRECTORY_ENDPOINT", "AZURE_AUTHORITY_HOST", "AZURE_CLIENT_ID", "AZURE_TENANT_ID",
      "AZURE_FEDERATED_TOKEN_FILE"};
  void SetUp() override {
    for (const char* name : kNames) {
      if (const char* value = std::getenv(name)) {
        saved_.emplace_back(name, value);
      }
      unsetenv(name);
    }
  }
  void TearDown() override {
    for (const char* name : kNames) {
      unsetenv(name);
    }
    for (const auto& [name, value] : saved_) {
      setenv(name.c_str(), value.c_str(), 1);
    }
  }

 private:
  std::vector<std::pair<std::string, std::string>> saved_;
};

using LoginSettingsTest = CleanEnvironment;

TEST(LoginMethod, AnyCase) {
  EXPECT_EQ(parse_login_method("SPN"), LoginMethod::spn);
  EXPECT_EQ(parse_login_method("Msi"), LoginMethod::msi);
  EXPECT_EQ(parse_login_method("AzCLI"), LoginMethod::azcli);
  EXPECT_EQ(parse_login_method("device"), LoginMethod::device);
  EXPECT_EQ(parse_login_method("WORKLOAD"), LoginMethod::workload);
  EXPECT_EQ(parse_login_method("pscred"), std::nullopt);
  EXPECT_EQ(parse_login_method(""), std::nullopt);
}

TEST_F(LoginSettingsTest, AuthorityOrder) {
  EXPECT_EQ(entra::resolve_authority(std::nullopt), "https://login.microsoftonline.com");
  setenv("AZURE_AUTHORITY_HOST", "https://host.example.test/", 1);
  EXPECT_EQ(entra::resolve_authority(std::nullopt), "https://host.example.test");
  setenv("AZCOPY_ACTIVE_DIRECTORY_ENDPOINT", "https://azcopy.example.test", 1);
  EXPECT_EQ(entra::resolve_authority(std::nullopt), "https://azcopy.example.test");
  EXPECT_EQ(entra::resolve_authority(std::string("https://flag.example.test")), "https://flag.example.test");
  EXPECT_THROW(entra::resolve_authority(std::string("http://flag.example.test")), Error);
}

TEST_F(LoginSettingsTest, DeviceDefaults) {
  LoginSettings settings;
  complete_settings(settings);
  EXPECT_EQ(settings.tenant, "common");
  EXPECT_EQ(settings.application_id, entra::kAzCopyApplicationId);
}

TEST_F(LoginSettingsTest, ServicePrincipalNeedsTenantIdAndSecret) {
  LoginSettings settings;
  settings.method = LoginMethod::spn;
  settings.application_id = "app";
  try {
    complete_settings(settings);
    FAIL() << "no tenant accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(error.what()).find("--tenant-id"), std::string::npos);
  }

  settings.tenant = "tenant";
  try {
    complete_settings(settings);
    FAIL() << "no secret accepted";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("AZCOPY_SPA_CLIENT_SECRET"), std::string::npos);
  }

  setenv("AZCOPY_SPA_CLIENT_SECRET", "secret-from-environment", 1);
  complete_settings(settings);
  EXPECT_EQ(settings.client_secret, "secret-from-environment");
}

TEST_F(LoginSettingsTest, ServicePrincipalFromEnvironment) {
  setenv("AZCOPY_AUTO_LOGIN_TYPE", "spn", 1);
  setenv("AZCOPY_SPA_APPLICATION_ID", "env-app", 1);
  setenv("AZCOPY_TENANT_ID", "env-tenant", 1);
  setenv("AZCOPY_SPA_CERT_PATH", "/certs/app.pem", 1);
  setenv("AZCOPY_SPA_CERT_PASSWORD", "env-cert-password", 1);
  const auto settings = auto_login_settings();
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->method, LoginMethod::spn);
  EXPECT_EQ(settings->application_id, "env-app");
  EXPECT_EQ(settings->tenant, "env-tenant");
  EXPECT_EQ(settings->certificate_path, "/certs/app.pem");
  EXPECT_EQ(settings->certificate_password, "env-cert-password");
  EXPECT_TRUE(settings->client_secret.empty());
}

TEST_F(LoginSettingsTest, AutoLoginTypeChecked) {
  EXPECT_FALSE(auto_login_settings().has_value());
  setenv("AZCOPY_AUTO_LOGIN_TYPE", "PSCRED", 1);
  EXPECT_THROW(auto_login_settings(), Error);
  setenv("AZCOPY_AUTO_LOGIN_TYPE", "Msi", 1);
  setenv("AZCOPY_MSI_CLIENT_ID", "msi-client", 1);
  const auto settings = auto_login_settings();
  ASSERT_TRUE(settings.has_value());
  EXPECT_EQ(settings->identity_client_id, "msi-client");
  EXPECT_EQ(describe_identity(*settings), "user-assigned, client ID msi-client");
}

TEST_F(LoginSettingsTest, WorkloadFromAzureVariables) {
  LoginSettings settings;
  settings.method = LoginMethod::workload;
  EXPECT_THROW(complete_settings(settings), Error);
  setenv("AZURE_CLIENT_ID", "wl-client", 1);
  setenv("AZURE_TENANT_ID", "wl-tenant", 1);
  setenv("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/token", 1);
  setenv("AZURE_AUTHORITY_HOST", "https://authority.example.test", 1);
  complete_settings(settings);
  EXPECT_EQ(settings.application_id, "wl-client");
  EXPECT_EQ(settings.tenant, "wl-tenant");
  EXPECT_EQ(settings.federated_token_file, "/var/run/secrets/token");
  EXPECT_EQ(settings.authority, "https://authority.example.test");
}

}  // namespace
}  // namespace box::auth
