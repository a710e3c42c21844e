// JSON Web Tokens as the sign-in flows need them: base64url, client assertions
// signed with a certificate, and reading the claims of a token for display.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "auth/entra/client_certificate.h"

namespace box::auth::entra {

std::string base64url_encode(std::string_view bytes);

// Decodes base64url with or without padding. Throws box::Error (input) on invalid text.
std::string base64url_decode(std::string_view text);

// Builds the client assertion for the client credentials grant: header alg
// RS256 with x5t and x5t#S256, claims aud = token endpoint, iss = sub = client
// id, a random jti, nbf = now and exp = now + 10 minutes. The format is the one
// Microsoft identity platform documents under "certificate credentials".
std::string make_client_assertion(const ClientCertificate& certificate, const std::string& client_id,
                                  const std::string& audience);

// Returns the claims of a JWT without checking its signature, or an empty
// object when the text is not a JWT. For display and expiry only.
nlohmann::json read_jwt_claims(std::string_view token);

}  // namespace box::auth::entra
