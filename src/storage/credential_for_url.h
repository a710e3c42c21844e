// Chooses how to authorize requests to a URL, in AzCopy's order: a SAS in the
// URL, then an Entra ID login, then Shared Key from the environment, then anonymous.
#pragma once

#include <functional>
#include <memory>

#include "auth/credential.h"
#include "storage/blob_url.h"

namespace box::storage {

// Returns an OAuth credential for the URL when the user is logged in (or
// auto-login is configured), else nullptr. Registered by the login code.
using OAuthProvider = std::function<std::shared_ptr<auth::Credential>(const BlobUrl& url)>;

// Replaces the OAuth provider; an empty function disables the OAuth step.
void set_oauth_provider(OAuthProvider provider);

// Returns the credential for the URL: SasCredential when its query has sig=;
// else what the OAuth provider returns; else Shared Key from
// AZURE_STORAGE_CONNECTION_STRING or ACCOUNT_NAME/ACCOUNT_KEY when the account
// matches the URL's; else the connection string's SharedAccessSignature for
// that account; else AnonymousCredential. Throws box::Error (usage) for an
// invalid connection string or account key.
std::shared_ptr<auth::Credential> credential_for_url(const BlobUrl& url);

}  // namespace box::storage
