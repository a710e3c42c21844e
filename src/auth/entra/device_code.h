// Device code sign-in (RFC 8628 as Microsoft identity platform implements it):
// print the code and the verification URL, poll the token endpoint at the
// server's interval, then keep the refresh token for later renewals.
#pragma once

#include <functional>
#include <string>

#include "auth/entra/client_credentials.h"

namespace box::auth::entra {

class DeviceCodeSource : public TokenSource {
 public:
  using PrintMessage = std::function<void(const std::string&)>;

  // With an empty refresh token only sign_in() yields a token. print_message
  // receives the text telling the user where to enter the code.
  DeviceCodeSource(http::Client& client, ClientIdentity identity, std::string refresh_token,
                   PrintMessage print_message);

  // Runs the interactive flow: requests a device code, prints the message and
  // polls until the user finishes, declines, or the code expires.
  AccessToken sign_in();

  // Redeems the refresh token (grant_type=refresh_token). Throws box::Error
  // (auth) asking for a new `boxcopy login` when there is none or it was rejected.
  AccessToken acquire(const std::string& tenant) override;
  bool can_refresh() const override { return !refresh_token_.empty(); }

 private:
  AccessToken poll(const std::string& device_code, int interval_seconds, int expires_in_seconds);

  http::Client& client_;
  ClientIdentity identity_;
  std::string refresh_token_;
  PrintMessage print_message_;
};

}  // namespace box::auth::entra
