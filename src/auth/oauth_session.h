// The life of an OAuth login across runs: sign in and keep the token, show
// and remove it, and turn a stored login or AZCOPY_AUTO_LOGIN_TYPE into a
// credential for Blob Storage requests.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/bearer_credential.h"
#include "auth/login_settings.h"
#include "auth/token_store.h"
#include "http/client.h"

namespace box::auth {

struct LoginResult {
  StoredLogin stored;
  std::vector<std::string> replaced;  // locations whose older login was removed
};

// Signs in with completed settings and saves the login in the store, then
// removes any login kept in the other stores (keyring, file), which would
// otherwise hide the new login or outlive it. Device code messages go to
// print_message.
LoginResult login(http::Client& client, const LoginSettings& settings, TokenStore& store,
                  const std::function<void(const std::string&)>& print_message);

// Returns nullopt when the stored token is still valid or the next command can
// renew it without the user (a secret or certificate, a refresh token, a
// managed identity, workload identity or Azure CLI). Otherwise returns the
// message that the login expired and how to renew it.
std::optional<std::string> unrenewable_expiry(http::Client& client, const StoredLogin& stored);

struct OAuthOptions {
  std::string trusted_suffixes;                  // --trusted-microsoft-suffixes
  std::optional<TokenStoreKind> store_kind;      // --token-store
  NoticeSink notice;                             // keyring fallback notice
};

// Returns a bearer credential from the stored login, else from
// AZCOPY_AUTO_LOGIN_TYPE (signing in now, nothing saved), else nullptr.
// A stored login that expired and cannot be renewed raises box::Error (auth)
// saying how to renew it.
std::shared_ptr<BearerCredential> load_oauth_credential(http::Client& client, const OAuthOptions& options);

// Returns "59 minutes", "2 hours 5 minutes", or "expired 3 minutes ago".
std::string describe_expiry(entra::Clock::time_point expires_on, entra::Clock::time_point now);

}  // namespace box::auth
