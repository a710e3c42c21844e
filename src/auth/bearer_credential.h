// Authorizes Blob Storage requests with a Microsoft Entra ID bearer token:
// only to trusted storage hosts over HTTPS, renewed before it expires, and
// re-acquired once for the tenant a 401 challenge names.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential.h"
#include "auth/entra/access_token.h"

namespace box::auth {

// AzCopy's default list of hosts that may receive tokens (the
// --trusted-microsoft-suffixes help of AzCopy v10).
inline constexpr const char* kDefaultTrustedSuffixes =
    "*.core.windows.net;*.core.chinacloudapi.cn;*.core.cloudapi.de;*.core.usgovcloudapi.net;*.storage.azure.net";

// Hosts a bearer token may go to. "*.example.net" matches any host below
// example.net; an entry without "*." matches that exact host (127.0.0.1 for an emulator).
class TrustedHosts {
 public:
  // Parses AzCopy's default list plus the semicolon-separated extra entries.
  // Throws box::Error (usage) naming an entry that is empty after "*." or has a scheme or path.
  explicit TrustedHosts(std::string_view extra_entries = {});

  bool contains(std::string_view host) const;

 private:
  void add(std::string_view entry);

  std::vector<std::string> suffixes_;  // ".core.windows.net"
  std::vector<std::string> exact_;     // "127.0.0.1"
};

// Returns the tenant named by the authorization_uri of a "WWW-Authenticate:
// Bearer authorization_uri=https://login.microsoftonline.com/<tenant>/oauth2/authorize"
// challenge, or empty when there is none.
std::string challenge_tenant(std::string_view www_authenticate);

class BearerCredential : public Credential {
 public:
  using RefreshListener = std::function<void(const entra::AccessToken&)>;

  // initial may be empty; the first authorize() then acquires a token.
  // on_refresh receives each new token (to update the stored login).
  BearerCredential(std::shared_ptr<entra::TokenSource> source, entra::AccessToken initial, TrustedHosts hosts,
                   std::string method, RefreshListener on_refresh = {});

  // Throws box::Error (auth) for a plain HTTP URL or an untrusted host, and
  // when no valid token can be had.
  void authorize(http::Request& request) override;
  bool refresh_after_challenge(const http::Response& response) override;
  std::string description() const override { return "OAuth token (" + method_ + ")"; }

  // Returns the expiry of the current token (for status and tests).
  entra::Clock::time_point expires_on() const;

 private:
  bool needs_refresh(entra::Clock::time_point now) const;
  void replace_token(entra::AccessToken token);

  mutable std::mutex mutex_;
  std::shared_ptr<entra::TokenSource> source_;
  entra::AccessToken token_;
  TrustedHosts hosts_;
  std::string method_;
  RefreshListener on_refresh_;
  std::string tenant_override_;           // set after a challenge named another tenant
  std::set<std::string> challenged_tenants_;
};

}  // namespace box::auth
