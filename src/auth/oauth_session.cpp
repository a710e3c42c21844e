#include "auth/oauth_session.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "auth/entra/device_code.h"
#include "common/error.h"

namespace box::auth {
namespace {

// Returns the settings of a stored login with the secrets that the file
// store leaves out taken from the environment again.
LoginSettings with_environment_secrets(LoginSettings settings) {
  if (settings.method == LoginMethod::spn) {
    if (settings.client_secret.empty()) {
      settings.client_secret = entra::env_value("AZCOPY_SPA_CLIENT_SECRET").value_or("");
    }
    if (settings.certificate_password.empty()) {
      settings.certificate_password = entra::env_value("AZCOPY_SPA_CERT_PASSWORD").value_or("");
    }
  }
  return settings;
}

std::shared_ptr<entra::TokenSource> source_for_stored(http::Client& client, const StoredLogin& stored,
                                                      const LoginSettings& settings) {
  SourceOptions source_options;
  source_options.refresh_token = stored.token.refresh_token;
  return make_token_source(client, settings, source_options);
}

// Returns the message for a login that expired and that `source` cannot renew.
std::string expired_login_message(const LoginSettings& settings, entra::Clock::time_point expires_on) {
  const std::string method = to_string(settings.method);
  std::string renew = "run `boxcopy login --login-type " + method + "` again";
  if (settings.method == LoginMethod::spn) {
    const char* variable =
        settings.certificate_path.empty() ? "AZCOPY_SPA_CLIENT_SECRET" : "AZCOPY_SPA_CERT_PASSWORD";
    renew = std::string("set ") + variable + " or " + renew;
  }
  return "the " + method + " login " + describe_expiry(expires_on, entra::Clock::now()) + "; " + renew;
}

std::shared_ptr<BearerCredential> credential_from_stored(http::Client& client, StoredLogin stored,
                                                         std::shared_ptr<TokenStore> store,
                                                         const OAuthOptions& options) {
  const LoginSettings settings = with_environment_secrets(stored.settings);
  auto source = source_for_stored(client, stored, settings);
  if (entra::Clock::now() >= stored.token.expires_on && !source->can_refresh()) {
    throw Error(ErrorKind::auth, expired_login_message(settings, stored.token.expires_on));
  }

  auto listener = [store, stored](const entra::AccessToken& token) mutable {
    stored.token = token;
    store->save(stored);
  };
  return std::make_shared<BearerCredential>(std::move(source), stored.token, TrustedHosts(options.trusted_suffixes),
                                            to_string(settings.method), std::move(listener));
}

}  // namespace

LoginResult login(http::Client& client, const LoginSettings& settings, TokenStore& store,
                  const std::function<void(const std::string&)>& print_message) {
  SourceOptions options;
  options.print_message = print_message;
  auto source = make_token_source(client, settings, options);

  StoredLogin stored;
  stored.settings = settings;
  if (settings.method == LoginMethod::device) {
    stored.token = std::static_pointer_cast<entra::DeviceCodeSource>(source)->sign_in();
  } else {
    stored.token = source->acquire("");
  }
  store.save(stored);
  spdlog::info("signed in with {} ({}), token kept in {}", to_string(settings.method), describe_identity(settings),
               store.location());
  std::vector<std::string> replaced = remove_other_logins(store.kind());
  for (const auto& location : replaced) {
    spdlog::info("removed the older login from {}", location);
  }
  return LoginResult{std::move(stored), std::move(replaced)};
}

std::optional<std::string> unrenewable_expiry(http::Client& client, const StoredLogin& stored) {
  if (entra::Clock::now() < stored.token.expires_on) {
    return std::nullopt;
  }
  const LoginSettings settings = with_environment_secrets(stored.settings);
  try {
    if (source_for_stored(client, stored, settings)->can_refresh()) {
      return std::nullopt;
    }
  } catch (const Error& error) {
    return expired_login_message(settings, stored.token.expires_on) + " (" + error.what() + ")";
  }
  return expired_login_message(settings, stored.token.expires_on);
}

std::shared_ptr<BearerCredential> load_oauth_credential(http::Client& client, const OAuthOptions& options) {
  std::shared_ptr<TokenStore> store = open_token_store(options.store_kind, options.notice);
  if (auto stored = store->load()) {
    spdlog::info("using the stored {} login from {}", to_string(stored->settings.method), store->location());
    return credential_from_stored(client, std::move(*stored), store, options);
  }

  auto settings = auto_login_settings();
  if (!settings) {
    return nullptr;
  }
  spdlog::info("signing in with AZCOPY_AUTO_LOGIN_TYPE={}", to_string(settings->method));
  SourceOptions source_options;
  source_options.print_message = [](const std::string& message) { std::cerr << message << std::endl; };
  auto source = make_token_source(client, *settings, source_options);
  entra::AccessToken token = settings->method == LoginMethod::device
                                 ? std::static_pointer_cast<entra::DeviceCodeSource>(source)->sign_in()
                                 : source->acquire("");
  return std::make_shared<BearerCredential>(std::move(source), std::move(token),
                                            TrustedHosts(options.trusted_suffixes), to_string(settings->method));
}

std::string describe_expiry(entra::Clock::time_point expires_on, entra::Clock::time_point now) {
  const bool expired = expires_on <= now;
  const auto span = std::chrono::duration_cast<std::chrono::minutes>(expired ? now - expires_on : expires_on - now);
  if (span.count() == 0) {
    return expired ? "expired less than a minute ago" : "in less than a minute";
  }
  const long hours = static_cast<long>(span.count() / 60);
  const long minutes = static_cast<long>(span.count() % 60);
  std::string text;
  if (hours > 0) {
    text = std::to_string(hours) + (hours == 1 ? " hour" : " hours");
  }
  if (minutes > 0) {
    text += (text.empty() ? "" : " ") + std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
  }
  return expired ? "expired " + text + " ago" : "in " + text;
}

}  // namespace box::auth
