// What a Microsoft Entra ID sign-in needs: the method, the authority, the
// tenant and the identity, from `boxcopy login` flags or AzCopy's environment
// variables, and the token source built from them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/entra/access_token.h"
#include "http/client.h"

namespace box::auth {

enum class LoginMethod { device, spn, msi, workload, azcli };

// Parses AzCopy's login types in any case: device, spn, msi, workload, azcli.
std::optional<LoginMethod> parse_login_method(std::string_view text);
const char* to_string(LoginMethod method);

struct LoginSettings {
  LoginMethod method = LoginMethod::device;
  std::optional<std::string> authority_flag;  // --aad-endpoint
  std::string authority;                      // resolved by complete_settings
  std::string tenant;
  std::string application_id;
  std::string certificate_path;
  std::string identity_client_id;
  std::string identity_resource_id;
  std::string federated_token_file;

  // Secrets come only from the environment (AZCOPY_SPA_CLIENT_SECRET,
  // AZCOPY_SPA_CERT_PASSWORD) or from the keyring, never from flags.
  std::string client_secret;
  std::string certificate_password;
};

// Fills what the flags left empty from the environment (AZCOPY_TENANT_ID,
// AZCOPY_SPA_APPLICATION_ID, AZCOPY_SPA_CERT_PATH, AZCOPY_MSI_CLIENT_ID,
// AZCOPY_MSI_RESOURCE_STRING; for workload identity AZURE_CLIENT_ID,
// AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE), resolves the authority and
// reads the secrets. Throws box::Error (usage) naming what is missing.
void complete_settings(LoginSettings& settings);

// Returns settings for AZCOPY_AUTO_LOGIN_TYPE, completed, or nullopt when it
// is unset. Throws box::Error (usage) for an unknown type.
std::optional<LoginSettings> auto_login_settings();

// Returns the identity for status output: application ID, managed identity
// client or resource ID, or "system-assigned".
std::string describe_identity(const LoginSettings& settings);

struct SourceOptions {
  std::string refresh_token;                               // device code: from the stored login
  std::function<void(const std::string&)> print_message;  // device code: where to send the user
};

// Builds the token source for the settings. For a service principal whose
// secret is not available, the source fails with a message saying how to
// renew the login.
std::shared_ptr<entra::TokenSource> make_token_source(http::Client& client, const LoginSettings& settings,
                                                      const SourceOptions& options);

}  // namespace box::auth
