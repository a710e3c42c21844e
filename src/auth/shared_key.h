// Shared Key authorization: each request is signed with the account key
// (HMAC-SHA256 over the canonical string-to-sign the Blob service rebuilds).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "auth/credential.h"

namespace box::auth {

class SharedKeyCredential : public Credential {
 public:
  // Takes the account key as the base64 text the portal shows. Throws
  // box::Error (auth) when it is not valid base64; the message omits the key.
  SharedKeyCredential(std::string account, std::string_view base64_key);

  // Sets the Authorization header; the request must already carry x-ms-date.
  void authorize(http::Request& request) override;
  std::string description() const override { return "Shared Key"; }

  const std::string& account() const { return account_; }

 private:
  std::string account_;
  std::string key_;  // decoded key bytes
};

// Builds the string-to-sign of the Shared Key scheme (version 2009-09-19 and
// later) for a request that is about to be sent. Content-Length comes from the
// body and is empty when the body is empty. The canonicalized resource is
// "/" + account + the URL path exactly as encoded in the request, so an
// emulator-style URL names the account twice ("/devstoreaccount1/devstoreaccount1/c").
std::string shared_key_string_to_sign(const http::Request& request, std::string_view account);

// Returns base64(HMAC-SHA256(key, text)).
std::string hmac_sha256_base64(std::string_view key, std::string_view text);

// Returns the Shared Key credential configured in the environment: from
// AZURE_STORAGE_CONNECTION_STRING (AccountName and AccountKey, or
// UseDevelopmentStorage=true), else from ACCOUNT_NAME and ACCOUNT_KEY as AzCopy
// reads them. Returns nullptr when neither is set. Throws box::Error (usage)
// when a variable is set but invalid.
std::shared_ptr<SharedKeyCredential> shared_key_from_environment();

}  // namespace box::auth
