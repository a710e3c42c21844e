// Microsoft Entra ID endpoints and the token request shared by the flows:
// where the authority lives, the form-encoded POST, and parsing the reply.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/entra/access_token.h"
#include "common/error.h"
#include "http/client.h"

namespace box::auth::entra {

inline constexpr const char* kDefaultAuthority = "https://login.microsoftonline.com";
inline constexpr const char* kStorageResource = "https://storage.azure.com";
inline constexpr const char* kStorageScope = "https://storage.azure.com/.default";
// AzCopy's first-party application ID, used by device code sign-in unless
// --application-id names another (azure-storage-azcopy, common/oauthTokenManager.go).
inline constexpr const char* kAzCopyApplicationId = "579a7132-0e58-4d80-b1e1-7a1e2d337859";

// Returns the authority host: the flag value when set, else
// AZCOPY_ACTIVE_DIRECTORY_ENDPOINT, else AZURE_AUTHORITY_HOST, else
// https://login.microsoftonline.com, without a trailing slash. Throws
// box::Error (usage) naming the value when it is not an https URL.
std::string resolve_authority(const std::optional<std::string>& flag_value);

// Returns {authority}/{tenant}/oauth2/v2.0/token.
std::string token_endpoint(const std::string& authority, const std::string& tenant);

// Returns {authority}/{tenant}/oauth2/v2.0/devicecode.
std::string device_code_endpoint(const std::string& authority, const std::string& tenant);

using FormFields = std::vector<std::pair<std::string, std::string>>;

// Returns application/x-www-form-urlencoded text for the fields.
std::string encode_form(const FormFields& fields);

// Sends a form POST to a token or device code endpoint and returns the
// response as received. Throws box::Error (network) naming the endpoint and
// the settings that choose it when the endpoint cannot be reached.
http::Response post_form(http::Client& client, const std::string& url, const FormFields& fields);

// Parses a successful token response (access_token, expires_in or expires_on,
// refresh_token) and registers the tokens as secrets. Throws box::Error (auth)
// naming the source when the body is not a token response.
AccessToken parse_token_response(const std::string& body, const std::string& source);

// Returns an auth error for a failed token response: the status, the OAuth
// error code and its description, which never contain the request's secrets,
// then the hint when it is not empty.
Error token_request_error(const http::Response& response, const std::string& source, const std::string& hint = {});

// Returns the OAuth "error" code of a failed token response, or empty.
std::string oauth_error_code(const std::string& body);

// Returns the value of an environment variable, or nullopt when unset or empty.
std::optional<std::string> env_value(const char* name);

}  // namespace box::auth::entra
