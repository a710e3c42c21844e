#include "storage/credential_for_url.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <mutex>

#include "auth/anonymous.h"
#include "auth/connection_string.h"
#include "auth/sas.h"
#include "auth/shared_key.h"

namespace box::storage {
namespace {

std::mutex provider_mutex;
OAuthProvider& oauth_provider() {
  static OAuthProvider provider;
  return provider;
}

std::shared_ptr<auth::Credential> connection_string_sas(const BlobUrl& url) {
  const char* text = std::getenv("AZURE_STORAGE_CONNECTION_STRING");
  if (!text || !*text) {
    return nullptr;
  }
  const auth::ConnectionString parsed = auth::parse_connection_string(text);
  if (parsed.shared_access_signature.empty()) {
    return nullptr;
  }
  // A SAS-only connection string may name its account just through BlobEndpoint.
  const std::string account =
      parsed.account_name.empty() ? parse_blob_url(parsed.blob_endpoint).account : parsed.account_name;
  if (account != url.account) {
    return nullptr;
  }
  return std::make_shared<auth::SasCredential>(parsed.shared_access_signature);
}

}  // namespace

void set_oauth_provider(OAuthProvider provider) {
  std::lock_guard lock(provider_mutex);
  oauth_provider() = std::move(provider);
}

std::shared_ptr<auth::Credential> credential_for_url(const BlobUrl& url) {
  if (auth::is_sas_query(url.sas_query)) {
    return std::make_shared<auth::SasCredential>(url.sas_query);
  }

  OAuthProvider provider;
  {
    std::lock_guard lock(provider_mutex);
    provider = oauth_provider();
  }
  if (provider) {
    if (auto credential = provider(url)) {
      return credential;
    }
  }

  if (auto shared_key = auth::shared_key_from_environment()) {
    if (shared_key->account() == url.account) {
      return shared_key;
    }
    spdlog::warn("the Shared Key in the environment is for account '{}', not '{}'; not using it for this URL",
                 shared_key->account(), url.account);
  }
  if (auto sas = connection_string_sas(url)) {
    return sas;
  }
  return std::make_shared<auth::AnonymousCredential>();
}

}  // namespace box::storage
