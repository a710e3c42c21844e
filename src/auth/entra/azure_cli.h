// Azure CLI sign-in: runs `az account get-access-token --resource
// https://storage.azure.com --output json [--tenant T]` as a child process and
// reads accessToken with expires_on (newer CLI) or expiresOn (local time).
#pragma once

#include <chrono>
#include <string>

#include "auth/entra/access_token.h"

namespace box::auth::entra {

class AzureCliSource : public TokenSource {
 public:
  // Throws box::Error (usage) when the tenant has characters other than
  // letters, digits, '.' and '-'.
  explicit AzureCliSource(std::string tenant, std::chrono::seconds timeout = std::chrono::seconds(60));

  AccessToken acquire(const std::string& tenant) override;

 private:
  std::string tenant_;
  std::chrono::seconds timeout_;
};

// Parses the JSON that `az account get-access-token` prints. Throws box::Error (auth).
AccessToken parse_azure_cli_output(const std::string& output);

}  // namespace box::auth::entra
