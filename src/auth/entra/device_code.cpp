#include "auth/entra/device_code.h"

#include <nlohmann/json.hpp>

#include <thread>

#include "common/error.h"
#include "common/redact.h"

namespace box::auth::entra {
namespace {

// offline_access makes the token endpoint return a refresh token.
constexpr const char* kDeviceScope = "https://storage.azure.com/.default offline_access";
constexpr const char* kDeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
constexpr const char* kSource = "Microsoft Entra ID (device code)";

int json_int_or(const nlohmann::json& body, const char* name, int fallback) {
  const auto it = body.find(name);
  if (it != body.end() && it->is_number_integer()) {
    return it->get<int>();
  }
  if (it != body.end() && it->is_string()) {
    try {
      return std::stoi(it->get<std::string>());
    } catch (const std::exception&) {
    }
  }
  return fallback;
}

std::string json_string(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

DeviceCodeSource::DeviceCodeSource(http::Client& client, ClientIdentity identity, std::string refresh_token,
                                   PrintMessage print_message)
    : client_(client),
      identity_(std::move(identity)),
      refresh_token_(std::move(refresh_token)),
      print_message_(std::move(print_message)) {
  register_secret(refresh_token_);
}

AccessToken DeviceCodeSource::sign_in() {
  const http::Response response =
      post_form(client_, device_code_endpoint(identity_.authority, identity_.tenant),
                {{"client_id", identity_.client_id}, {"scope", kDeviceScope}});
  if (!response.ok()) {
    throw token_request_error(response, kSource);
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const std::string device_code = body.is_object() ? json_string(body, "device_code") : std::string();
  if (device_code.empty()) {
    throw Error(ErrorKind::auth, std::string(kSource) + " returned no device_code");
  }
  register_secret(device_code);

  std::string message = json_string(body, "message");
  if (message.empty()) {
    message = "To sign in, open " + json_string(body, "verification_uri") + " in a web browser and enter the code " +
              json_string(body, "user_code") + ".";
  }
  print_message_(message);

  // RFC 8628 section 3.2: the polling interval defaults to 5 seconds.
  return poll(device_code, json_int_or(body, "interval", 5), json_int_or(body, "expires_in", 900));
}

AccessToken DeviceCodeSource::poll(const std::string& device_code, int interval_seconds, int expires_in_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in_seconds);
  const std::string url = token_endpoint(identity_.authority, identity_.tenant);
  for (;;) {
    std::this_thread::sleep_for(std::chrono::seconds(interval_seconds));
    const http::Response response = post_form(
        client_, url, {{"grant_type", kDeviceGrant}, {"client_id", identity_.client_id}, {"device_code", device_code}});
    if (response.ok()) {
      AccessToken token = parse_token_response(response.body, kSource);
      refresh_token_ = token.refresh_token;
      return token;
    }

    const std::string code = oauth_error_code(response.body);
    if (code == "authorization_pending") {
      // The user has not finished yet.
    } else if (code == "slow_down") {
      interval_seconds += 5;  // RFC 8628 section 3.5
    } else if (code == "authorization_declined") {
      throw Error(ErrorKind::auth, "the sign-in was declined in the browser; run `boxcopy login` again to retry");
    } else if (code == "expired_token") {
      throw Error(ErrorKind::auth, "the device code expired before the sign-in finished; run `boxcopy login` again");
    } else {
      throw token_request_error(response, kSource);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorKind::auth, "the device code expired after " + std::to_string(expires_in_seconds) +
                                       " seconds without a sign-in; run `boxcopy login` again");
    }
  }
}

AccessToken DeviceCodeSource::acquire(const std::string& tenant) {
  if (refresh_token_.empty()) {
    throw Error(ErrorKind::auth, "the device code login has no refresh token; run `boxcopy login` again");
  }
  const std::string& effective_tenant = tenant.empty() ? identity_.tenant : tenant;
  const http::Response response = post_form(client_, token_endpoint(identity_.authority, effective_tenant),
                                            {{"grant_type", "refresh_token"},
                                             {"client_id", identity_.client_id},
                                             {"refresh_token", refresh_token_},
                                             {"scope", kDeviceScope}});
  if (!response.ok()) {
    const Error cause = token_request_error(response, kSource);
    throw Error(ErrorKind::auth, std::string(cause.what()) + "; the login expired, run `boxcopy login` again");
  }
  AccessToken token = parse_token_response(response.body, kSource);
  // The service may rotate the refresh token; keep the old one when it does not.
  if (token.refresh_token.empty()) {
    token.refresh_token = refresh_token_;
  }
  refresh_token_ = token.refresh_token;
  return token;
}

}  // namespace box::auth::entra
