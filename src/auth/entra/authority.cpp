#include "auth/entra/authority.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "common/redact.h"
#include "http/transfer_error.h"
#include "http/url.h"

namespace box::auth::entra {
namespace {

std::string strip_trailing_slashes(std::string text) {
  while (!text.empty() && text.back() == '/') {
    text.pop_back();
  }
  return text;
}

// Reads a number that services send either as a JSON number or as a string
// (IMDS and App Service send "3599").
std::optional<long long> json_integer(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (it->is_number_integer()) {
    return it->get<long long>();
  }
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> env_value(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

std::string resolve_authority(const std::optional<std::string>& flag_value) {
  std::string authority = kDefaultAuthority;
  std::string origin = "the default";
  if (flag_value && !flag_value->empty()) {
    authority = *flag_value;
    origin = "--aad-endpoint";
  } else if (auto value = env_value("AZCOPY_ACTIVE_DIRECTORY_ENDPOINT")) {
    authority = *value;
    origin = "AZCOPY_ACTIVE_DIRECTORY_ENDPOINT";
  } else if (auto host = env_value("AZURE_AUTHORITY_HOST")) {
    authority = *host;
    origin = "AZURE_AUTHORITY_HOST";
  }

  authority = strip_trailing_slashes(authority);
  const http::Url url = http::parse_url(authority);
  if (url.scheme != "https") {
    throw Error(ErrorKind::usage, "invalid authority '" + authority + "' from " + origin +
                                      ": Microsoft Entra ID endpoints must use https");
  }
  return authority;
}

std::string token_endpoint(const std::string& authority, const std::string& tenant) {
  return authority + "/" + http::percent_encode(tenant, false) + "/oauth2/v2.0/token";
}

std::string device_code_endpoint(const std::string& authority, const std::string& tenant) {
  return authority + "/" + http::percent_encode(tenant, false) + "/oauth2/v2.0/devicecode";
}

std::string encode_form(const FormFields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) {
      body += '&';
    }
    body += http::percent_encode(name, false);
    body += '=';
    body += http::percent_encode(value, false);
  }
  return body;
}

http::Response post_form(http::Client& client, const std::string& url, const FormFields& fields) {
  http::Request request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = encode_form(fields);
  try {
    return client.send_with_retry(request);
  } catch (const http::TransferError& error) {
    if (error.kind() != ErrorKind::network) {
      throw;
    }
    const std::string endpoint = url.ends_with("/devicecode") ? "device code endpoint" : "token endpoint";
    throw Error(ErrorKind::network, "cannot reach the " + endpoint + " " + url + ": " + error.detail() +
                                        "; check --aad-endpoint, AZCOPY_ACTIVE_DIRECTORY_ENDPOINT or "
                                        "AZURE_AUTHORITY_HOST, and the network");
  }
}

AccessToken parse_token_response(const std::string& body, const std::string& source) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("access_token") ||
      !json["access_token"].is_string()) {
    throw Error(ErrorKind::auth, source + " returned a response without an access token");
  }

  AccessToken token;
  token.acquired_on = Clock::now();
  token.token = json["access_token"].get<std::string>();
  register_secret(token.token);
  if (json.contains("refresh_token") && json["refresh_token"].is_string()) {
    token.refresh_token = json["refresh_token"].get<std::string>();
    register_secret(token.refresh_token);
  }

  // expires_on (seconds since the epoch) wins over expires_in, because a
  // metadata endpoint may hand out a cached token whose lifetime is shorter.
  if (auto expires_on = json_integer(json, "expires_on")) {
    token.expires_on = Clock::time_point(std::chrono::seconds(*expires_on));
  } else if (auto expires_in = json_integer(json, "expires_in")) {
    token.expires_on = token.acquired_on + std::chrono::seconds(*expires_in);
  } else {
    throw Error(ErrorKind::auth, source + " returned a token without expires_in or expires_on");
  }
  return token;
}

std::string oauth_error_code(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("error") && json["error"].is_string()) {
    return json["error"].get<std::string>();
  }
  return {};
}

Error token_request_error(const http::Response& response, const std::string& source, const std::string& hint) {
  std::string detail = "HTTP " + std::to_string(response.status);
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_object()) {
    if (json.contains("error") && json["error"].is_string()) {
      detail += " " + json["error"].get<std::string>();
    }
    if (json.contains("error_description") && json["error_description"].is_string()) {
      // Entra ID descriptions span lines with trace ids; the first line names the cause.
      const std::string description = json["error_description"].get<std::string>();
      detail += ": " + description.substr(0, description.find_first_of("\r\n"));
    }
  }
  return Error(ErrorKind::auth, source + " rejected the token request (" + redact_text(detail) + ")" +
                                    (hint.empty() ? "" : "; " + hint));
}

}  // namespace box::auth::entra
