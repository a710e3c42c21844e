// An OAuth access token with its expiry, and the interface every Microsoft
// Entra ID sign-in flow implements to obtain one.
#pragma once

#include <chrono>
#include <string>

namespace box::auth::entra {

using Clock = std::chrono::system_clock;

struct AccessToken {
  std::string token;
  Clock::time_point expires_on{};
  Clock::time_point acquired_on{};
  std::string refresh_token;  // only the device code flow returns one
};

// One way of obtaining tokens for https://storage.azure.com: a client secret,
// a certificate, a managed identity, a federated token file, Azure CLI, or a
// refresh token from device code sign-in.
class TokenSource {
 public:
  virtual ~TokenSource() = default;

  // Requests a new token. A non-empty tenant replaces the configured one (for a
  // 401 challenge that names another tenant); sources without tenants ignore it.
  // Throws box::Error (auth) when the identity provider rejects the request.
  virtual AccessToken acquire(const std::string& tenant) = 0;

  // True when acquire() can run again without user interaction or a missing secret.
  virtual bool can_refresh() const { return true; }
};

}  // namespace box::auth::entra
