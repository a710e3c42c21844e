// Managed identity: tokens from the platform's local endpoint, found from the
// environment the way the Azure SDKs look for it (azure-sdk-for-cpp,
// azure-identity managed_identity_source.cpp): App Service, the older
// MSI_ENDPOINT forms, Azure Arc, and else the VM metadata endpoint (IMDS).
#pragma once

#include <string>

#include "auth/entra/access_token.h"
#include "http/client.h"

namespace box::auth::entra {

enum class ManagedIdentityEndpoint {
  app_service,       // IDENTITY_ENDPOINT + IDENTITY_HEADER, api-version 2019-08-01
  app_service_2017,  // MSI_ENDPOINT + MSI_SECRET, api-version 2017-09-01
  cloud_shell,       // MSI_ENDPOINT alone: a form POST
  azure_arc,         // IDENTITY_ENDPOINT + IMDS_ENDPOINT: a 401 challenge names a key file
  imds,              // AZURE_POD_IDENTITY_AUTHORITY_HOST or http://169.254.169.254
};

const char* to_string(ManagedIdentityEndpoint endpoint);

struct ManagedIdentityOptions {
  std::string client_id;    // user-assigned identity by client ID (--identity-client-id)
  std::string resource_id;  // user-assigned identity by Azure resource ID (--identity-resource-id)
};

class ManagedIdentitySource : public TokenSource {
 public:
  // Picks the endpoint from the environment. Throws box::Error (usage) when
  // both a client ID and a resource ID are given, or when an endpoint
  // variable is not a URL.
  ManagedIdentitySource(http::Client& client, ManagedIdentityOptions options);

  AccessToken acquire(const std::string& tenant) override;

  ManagedIdentityEndpoint endpoint() const { return endpoint_; }
  // Returns the endpoint kind and URL for status output, e.g. "IMDS at http://...".
  std::string describe() const;

 private:
  http::Request build_request() const;
  http::Response send(const http::Request& request) const;
  std::string read_arc_challenge_key(const http::Response& response) const;

  http::Client& client_;
  ManagedIdentityOptions options_;
  ManagedIdentityEndpoint endpoint_ = ManagedIdentityEndpoint::imds;
  std::string url_;
  std::string url_origin_;     // the variable that set url_, or how the default was chosen
  std::string secret_header_;  // X-IDENTITY-HEADER or MSI_SECRET value
};

// Returns the folder Azure Arc keeps challenge key files in on Linux:
// /var/opt/azcmagent/tokens, or BOXCOPY_ARC_TOKENS_DIR when set (for tests).
std::string arc_tokens_dir();

}  // namespace box::auth::entra
