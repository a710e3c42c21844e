#include "auth/entra/client_credentials.h"

#include <cerrno>
#include <cstring>

#include "auth/entra/jwt.h"
#include "auth/read_file.h"
#include "common/error.h"
#include "common/redact.h"

namespace box::auth::entra {
namespace {

// RFC 7521 assertion type for both certificate and federated assertions.
constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

const std::string& pick_tenant(const std::string& requested, const ClientIdentity& identity) {
  return requested.empty() ? identity.tenant : requested;
}

std::string read_federated_token(const std::string& path) {
  auto content = read_whole_file(path);
  if (!content) {
    throw Error(ErrorKind::auth, "cannot read the federated token file '" + path + "' (" + std::strerror(errno) +
                                     "); check AZURE_FEDERATED_TOKEN_FILE");
  }
  std::string token = std::move(*content);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  if (token.empty()) {
    throw Error(ErrorKind::auth, "the federated token file '" + path + "' is empty");
  }
  register_secret(token);
  return token;
}

}  // namespace

AccessToken request_client_credentials(http::Client& client, const ClientIdentity& identity,
                                       const std::string& tenant, FormFields proof, const std::string& source,
                                       const std::string& rejected_client_hint) {
  FormFields fields = {{"grant_type", "client_credentials"},
                       {"client_id", identity.client_id},
                       {"scope", kStorageScope}};
  fields.insert(fields.end(), proof.begin(), proof.end());
  const http::Response response = post_form(client, token_endpoint(identity.authority, tenant), fields);
  if (!response.ok()) {
    const bool client_rejected = oauth_error_code(response.body) == "invalid_client";
    throw token_request_error(response, source, client_rejected ? rejected_client_hint : std::string());
  }
  return parse_token_response(response.body, source);
}

ClientSecretSource::ClientSecretSource(http::Client& client, ClientIdentity identity, std::string secret)
    : client_(client), identity_(std::move(identity)), secret_(std::move(secret)) {
  register_secret(secret_);
}

AccessToken ClientSecretSource::acquire(const std::string& tenant) {
  return request_client_credentials(client_, identity_, pick_tenant(tenant, identity_),
                                    {{"client_secret", secret_}}, "Microsoft Entra ID (client secret)",
                                    "check AZCOPY_SPA_CLIENT_SECRET");
}

ClientCertificateSource::ClientCertificateSource(http::Client& client, ClientIdentity identity,
                                                 ClientCertificate certificate)
    : client_(client), identity_(std::move(identity)), certificate_(std::move(certificate)) {}

AccessToken ClientCertificateSource::acquire(const std::string& tenant) {
  const std::string& effective_tenant = pick_tenant(tenant, identity_);
  const std::string audience = token_endpoint(identity_.authority, effective_tenant);
  const std::string assertion = make_client_assertion(certificate_, identity_.client_id, audience);
  register_secret(assertion);
  return request_client_credentials(client_, identity_, effective_tenant,
                                    {{"client_assertion_type", kJwtBearer}, {"client_assertion", assertion}},
                                    "Microsoft Entra ID (client certificate)");
}

WorkloadIdentitySource::WorkloadIdentitySource(http::Client& client, ClientIdentity identity,
                                               std::string token_file)
    : client_(client), identity_(std::move(identity)), token_file_(std::move(token_file)) {}

AccessToken WorkloadIdentitySource::acquire(const std::string& tenant) {
  const std::string assertion = read_federated_token(token_file_);
  return request_client_credentials(client_, identity_, pick_tenant(tenant, identity_),
                                    {{"client_assertion_type", kJwtBearer}, {"client_assertion", assertion}},
                                    "Microsoft Entra ID (workload identity)");
}

}  // namespace box::auth::entra
