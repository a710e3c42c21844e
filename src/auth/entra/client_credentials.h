// The OAuth 2.0 client credentials grant against {authority}/{tenant}/oauth2/v2.0/token
// with scope https://storage.azure.com/.default, proven by a client secret, a
// certificate-signed assertion, or a federated token file (workload identity).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth/entra/access_token.h"
#include "auth/entra/authority.h"
#include "auth/entra/client_certificate.h"

namespace box::auth::entra {

struct ClientIdentity {
  std::string authority;  // e.g. https://login.microsoftonline.com
  std::string tenant;
  std::string client_id;
};

class ClientSecretSource : public TokenSource {
 public:
  ClientSecretSource(http::Client& client, ClientIdentity identity, std::string secret);
  AccessToken acquire(const std::string& tenant) override;

 private:
  http::Client& client_;
  ClientIdentity identity_;
  std::string secret_;
};

class ClientCertificateSource : public TokenSource {
 public:
  ClientCertificateSource(http::Client& client, ClientIdentity identity, ClientCertificate certificate);
  AccessToken acquire(const std::string& tenant) override;

 private:
  http::Client& client_;
  ClientIdentity identity_;
  ClientCertificate certificate_;
};

// Workload identity (AKS, or any OIDC federation): the assertion is the
// content of the federated token file, read again for every request because
// the platform rotates it.
class WorkloadIdentitySource : public TokenSource {
 public:
  WorkloadIdentitySource(http::Client& client, ClientIdentity identity, std::string token_file);
  AccessToken acquire(const std::string& tenant) override;

 private:
  http::Client& client_;
  ClientIdentity identity_;
  std::string token_file_;
};

// Sends a client credentials request with the given proof fields and returns
// the token. When Entra ID returns invalid_client, the error ends with
// rejected_client_hint (what to check about the proof), if not empty.
AccessToken request_client_credentials(http::Client& client, const ClientIdentity& identity,
                                       const std::string& tenant, FormFields proof, const std::string& source,
                                       const std::string& rejected_client_hint = {});

}  // namespace box::auth::entra
