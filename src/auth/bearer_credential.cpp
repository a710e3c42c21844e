#include "auth/bearer_credential.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/redact.h"
#include "http/url.h"

namespace box::auth {
namespace {

// A token is renewed this long before it expires, or after half its lifetime
// when it lives shorter than twice this.
constexpr auto kRefreshMargin = std::chrono::minutes(5);

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

TrustedHosts::TrustedHosts(std::string_view extra_entries) {
  for (std::string_view list : {std::string_view(kDefaultTrustedSuffixes), extra_entries}) {
    while (!list.empty()) {
      const auto semicolon = list.find(';');
      add(trim(list.substr(0, semicolon)));
      list = semicolon == std::string_view::npos ? std::string_view() : list.substr(semicolon + 1);
    }
  }
}

void TrustedHosts::add(std::string_view entry) {
  if (entry.empty()) {
    return;
  }
  if (entry.find("://") != std::string_view::npos || entry.find('/') != std::string_view::npos) {
    throw Error(ErrorKind::usage, "invalid trusted suffix '" + std::string(entry) +
                                      "': give a host or *.domain, without scheme or path");
  }
  if (entry.starts_with("*.")) {
    if (entry.size() == 2) {
      throw Error(ErrorKind::usage, "invalid trusted suffix '*.': name a domain after '*.'");
    }
    suffixes_.push_back(lower(entry.substr(1)));
  } else {
    exact_.push_back(lower(entry));
  }
}

bool TrustedHosts::contains(std::string_view host) const {
  const std::string name = lower(host);
  if (std::find(exact_.begin(), exact_.end(), name) != exact_.end()) {
    return true;
  }
  return std::any_of(suffixes_.begin(), suffixes_.end(),
                     [&](const std::string& suffix) { return name.size() > suffix.size() && name.ends_with(suffix); });
}

std::string challenge_tenant(std::string_view www_authenticate) {
  const auto key = lower(www_authenticate).find("authorization_uri=");
  if (key == std::string::npos) {
    return {};
  }
  std::string_view rest = www_authenticate.substr(key + std::string_view("authorization_uri=").size());
  if (!rest.empty() && rest.front() == '"') {
    rest.remove_prefix(1);
  }
  rest = rest.substr(0, rest.find_first_of("\", "));
  try {
    const http::Url url = http::parse_url(rest);
    const auto segment_end = url.path.find('/', 1);
    return url.path.size() > 1 ? url.path.substr(1, segment_end == std::string::npos ? segment_end : segment_end - 1)
                               : std::string();
  } catch (const Error&) {
    return {};
  }
}

BearerCredential::BearerCredential(std::shared_ptr<entra::TokenSource> source, entra::AccessToken initial,
                                   TrustedHosts hosts, std::string method, RefreshListener on_refresh)
    : source_(std::move(source)),
      token_(std::move(initial)),
      hosts_(std::move(hosts)),
      method_(std::move(method)),
      on_refresh_(std::move(on_refresh)) {
  register_secret(token_.token);
}

bool BearerCredential::needs_refresh(entra::Clock::time_point now) const {
  if (token_.token.empty()) {
    return true;
  }
  const auto lifetime = token_.expires_on - token_.acquired_on;
  const auto margin = std::min<entra::Clock::duration>(kRefreshMargin, lifetime / 2);
  return now >= token_.expires_on - std::max<entra::Clock::duration>(margin, entra::Clock::duration::zero());
}

void BearerCredential::replace_token(entra::AccessToken token) {
  token_ = std::move(token);
  if (on_refresh_) {
    try {
      on_refresh_(token_);
    } catch (const Error& error) {
      spdlog::warn("could not save the renewed token: {}", error.what());
    }
  }
}

void BearerCredential::authorize(http::Request& request) {
  const http::Url url = http::parse_url(request.url);
  if (url.scheme != "https") {
    throw Error(ErrorKind::auth, "OAuth tokens are never sent over plain HTTP (" + url.origin() +
                                     "); use an https URL");
  }
  if (!hosts_.contains(url.bare_host())) {
    throw Error(ErrorKind::auth, "the OAuth token was not sent to '" + url.bare_host() +
                                     "' because it is not a trusted Microsoft storage host; add it with "
                                     "--trusted-microsoft-suffixes if it is one");
  }

  std::string header;
  {
    std::lock_guard lock(mutex_);
    const auto now = entra::Clock::now();
    if (needs_refresh(now)) {
      try {
        spdlog::info("renewing the OAuth token ({})", method_);
        replace_token(source_->acquire(tenant_override_));
      } catch (const Error& error) {
        if (token_.token.empty() || now >= token_.expires_on) {
          throw;
        }
        // The old token still works for a while; try again on the next request.
        spdlog::warn("could not renew the OAuth token, using the current one until it expires: {}", error.what());
      }
    }
    header = "Bearer " + token_.token;
  }
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [](const auto& entry) { return lower(entry.first) == "authorization"; }),
                        request.headers.end());
  request.headers.emplace_back("Authorization", std::move(header));
}

bool BearerCredential::refresh_after_challenge(const http::Response& response) {
  if (response.status != 401) {
    return false;
  }
  const auto challenge = response.header("WWW-Authenticate");
  const std::string tenant = challenge ? challenge_tenant(*challenge) : std::string();
  if (tenant.empty()) {
    return false;
  }

  std::lock_guard lock(mutex_);
  if (!challenged_tenants_.insert(tenant).second) {
    return false;  // already re-acquired for this tenant once
  }
  spdlog::info("the service asked for a token from tenant {}; acquiring one", tenant);
  try {
    replace_token(source_->acquire(tenant));
  } catch (const Error& error) {
    spdlog::warn("could not acquire a token for tenant {}: {}", tenant, error.what());
    return false;
  }
  tenant_override_ = tenant;
  return true;
}

entra::Clock::time_point BearerCredential::expires_on() const {
  std::lock_guard lock(mutex_);
  return token_.expires_on;
}

}  // namespace box::auth
