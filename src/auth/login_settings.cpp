#include "auth/login_settings.h"

#include <algorithm>
#include <cctype>

#include "auth/entra/authority.h"
#include "auth/entra/azure_cli.h"
#include "auth/entra/client_credentials.h"
#include "auth/entra/device_code.h"
#include "auth/entra/managed_identity.h"
#include "common/error.h"
#include "common/redact.h"

namespace box::auth {
namespace {

using entra::env_value;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

void fill_from_env(std::string& field, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!field.empty()) {
      return;
    }
    field = env_value(name).value_or("");
  }
}

void require(const std::string& value, const std::string& what) {
  if (value.empty()) {
    throw Error(ErrorKind::usage, what);
  }
}

// A source for a stored login that cannot be renewed in this process.
// The error is raised only when a token is needed, so a stored token that is
// still valid stays usable.
class UnavailableSource : public entra::TokenSource {
 public:
  UnavailableSource(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  entra::AccessToken acquire(const std::string&) override { throw Error(kind_, message_); }
  bool can_refresh() const override { return false; }

 private:
  ErrorKind kind_;
  std::string message_;
};

std::shared_ptr<entra::TokenSource> make_service_principal_source(http::Client& client, const LoginSettings& settings,
                                                                  const entra::ClientIdentity& identity) {
  if (!settings.certificate_path.empty()) {
    const std::optional<std::string> password =
        settings.certificate_password.empty() ? std::nullopt : std::optional(settings.certificate_password);
    try {
      return std::make_shared<entra::ClientCertificateSource>(
          client, identity, entra::ClientCertificate::load(settings.certificate_path, password));
    } catch (const Error& error) {
      return std::make_shared<UnavailableSource>(error.kind(), error.what());
    }
  }
  if (!settings.client_secret.empty()) {
    return std::make_shared<entra::ClientSecretSource>(client, identity, settings.client_secret);
  }
  return std::make_shared<UnavailableSource>(
      ErrorKind::auth,
      "the service principal login needs a new token but AZCOPY_SPA_CLIENT_SECRET is not set; set it, or run "
      "`boxcopy login --login-type spn` again");
}

}  // namespace

std::optional<LoginMethod> parse_login_method(std::string_view text) {
  const std::string value = lower(text);
  if (value == "device") return LoginMethod::device;
  if (value == "spn") return LoginMethod::spn;
  if (value == "msi") return LoginMethod::msi;
  if (value == "workload") return LoginMethod::workload;
  if (value == "azcli") return LoginMethod::azcli;
  return std::nullopt;
}

const char* to_string(LoginMethod method) {
  switch (method) {
    case LoginMethod::device:
      return "device";
    case LoginMethod::spn:
      return "spn";
    case LoginMethod::msi:
      return "msi";
    case LoginMethod::workload:
      return "workload";
    case LoginMethod::azcli:
      return "azcli";
  }
  return "unknown";
}

void complete_settings(LoginSettings& settings) {
  settings.authority = entra::resolve_authority(settings.authority_flag);
  fill_from_env(settings.tenant, {"AZCOPY_TENANT_ID"});

  switch (settings.method) {
    case LoginMethod::device:
      if (settings.tenant.empty()) {
        settings.tenant = "common";
      }
      if (settings.application_id.empty()) {
        settings.application_id = entra::kAzCopyApplicationId;
      }
      break;
    case LoginMethod::spn:
      fill_from_env(settings.application_id, {"AZCOPY_SPA_APPLICATION_ID"});
      fill_from_env(settings.certificate_path, {"AZCOPY_SPA_CERT_PATH"});
      require(settings.tenant, "a service principal login needs a tenant: use --tenant-id or AZCOPY_TENANT_ID");
      require(settings.application_id,
              "a service principal login needs an application ID: use --application-id or AZCOPY_SPA_APPLICATION_ID");
      if (!settings.certificate_path.empty()) {
        settings.certificate_password = env_value("AZCOPY_SPA_CERT_PASSWORD").value_or("");
        register_secret(settings.certificate_password);
      } else {
        settings.client_secret = env_value("AZCOPY_SPA_CLIENT_SECRET").value_or("");
        register_secret(settings.client_secret);
        require(settings.client_secret,
                "a service principal login needs AZCOPY_SPA_CLIENT_SECRET in the environment, or a certificate "
                "with --certificate-path");
      }
      break;
    case LoginMethod::msi:
      fill_from_env(settings.identity_client_id, {"AZCOPY_MSI_CLIENT_ID"});
      fill_from_env(settings.identity_resource_id, {"AZCOPY_MSI_RESOURCE_STRING"});
      break;
    case LoginMethod::workload:
      fill_from_env(settings.tenant, {"AZURE_TENANT_ID"});
      fill_from_env(settings.application_id, {"AZCOPY_SPA_APPLICATION_ID", "AZURE_CLIENT_ID"});
      fill_from_env(settings.federated_token_file, {"AZURE_FEDERATED_TOKEN_FILE"});
      require(settings.tenant, "workload identity needs a tenant: use --tenant-id or AZURE_TENANT_ID");
      require(settings.application_id, "workload identity needs a client ID: use --application-id or AZURE_CLIENT_ID");
      require(settings.federated_token_file, "workload identity needs AZURE_FEDERATED_TOKEN_FILE");
      break;
    case LoginMethod::azcli:
      break;
  }
}

std::optional<LoginSettings> auto_login_settings() {
  const auto type = env_value("AZCOPY_AUTO_LOGIN_TYPE");
  if (!type) {
    return std::nullopt;
  }
  const auto method = parse_login_method(*type);
  if (!method) {
    throw Error(ErrorKind::usage, "invalid AZCOPY_AUTO_LOGIN_TYPE '" + *type +
                                      "': use SPN, MSI, DEVICE, AZCLI or WORKLOAD");
  }
  LoginSettings settings;
  settings.method = *method;
  complete_settings(settings);
  return settings;
}

std::string describe_identity(const LoginSettings& settings) {
  switch (settings.method) {
    case LoginMethod::spn:
      return "application " + settings.application_id +
             (settings.certificate_path.empty() ? " (client secret)" : " (certificate " + settings.certificate_path + ")");
    case LoginMethod::msi:
      if (!settings.identity_client_id.empty()) return "user-assigned, client ID " + settings.identity_client_id;
      if (!settings.identity_resource_id.empty()) return "user-assigned, resource ID " + settings.identity_resource_id;
      return "system-assigned";
    case LoginMethod::workload:
      return "client " + settings.application_id + " (federated token file " + settings.federated_token_file + ")";
    case LoginMethod::device:
      return "user signed in with device code (application " + settings.application_id + ")";
    case LoginMethod::azcli:
      return "Azure CLI account";
  }
  return {};
}

std::shared_ptr<entra::TokenSource> make_token_source(http::Client& client, const LoginSettings& settings,
                                                      const SourceOptions& options) {
  const entra::ClientIdentity identity{settings.authority, settings.tenant, settings.application_id};
  switch (settings.method) {
    case LoginMethod::spn:
      return make_service_principal_source(client, settings, identity);
    case LoginMethod::device:
      return std::make_shared<entra::DeviceCodeSource>(client, identity, options.refresh_token, options.print_message);
    case LoginMethod::msi:
      return std::make_shared<entra::ManagedIdentitySource>(
          client, entra::ManagedIdentityOptions{settings.identity_client_id, settings.identity_resource_id});
    case LoginMethod::workload:
      return std::make_shared<entra::WorkloadIdentitySource>(client, identity, settings.federated_token_file);
    case LoginMethod::azcli:
      return std::make_shared<entra::AzureCliSource>(settings.tenant);
  }
  throw Error(ErrorKind::internal, "unhandled login method");
}

}  // namespace box::auth
