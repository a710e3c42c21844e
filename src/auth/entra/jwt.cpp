#include "auth/entra/jwt.h"

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>

#include "auth/base64.h"
#include "common/error.h"

namespace box::auth::entra {
namespace {

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    throw Error(ErrorKind::internal, "RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string text = base64_encode(bytes);
  while (!text.empty() && text.back() == '=') {
    text.pop_back();
  }
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

std::string base64url_decode(std::string_view text) {
  std::string padded(text);
  // Standard base64 characters are accepted too, as some issuers emit them.
  std::replace(padded.begin(), padded.end(), '-', '+');
  std::replace(padded.begin(), padded.end(), '_', '/');
  while (padded.size() % 4 != 0) {
    padded += '=';
  }
  auto decoded = base64_decode(padded);
  if (!decoded) {
    throw Error(ErrorKind::input, "invalid base64url text in a token");
  }
  return std::move(*decoded);
}

std::string make_client_assertion(const ClientCertificate& certificate, const std::string& client_id,
                                  const std::string& audience) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const nlohmann::json header = {
      {"alg", "RS256"}, {"typ", "JWT"}, {"x5t", certificate.x5t()}, {"x5t#S256", certificate.x5t_s256()}};
  const nlohmann::json claims = {{"aud", audience}, {"iss", client_id},   {"sub", client_id},
                                 {"jti", random_hex(16)}, {"nbf", now}, {"iat", now},
                                 {"exp", now + 600}};
  const std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  return signing_input + "." + base64url_encode(certificate.sign_rs256(signing_input));
}

nlohmann::json read_jwt_claims(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) {
    return nlohmann::json::object();
  }
  try {
    auto claims = nlohmann::json::parse(base64url_decode(token.substr(first + 1, second - first - 1)));
    return claims.is_object() ? claims : nlohmann::json::object();
  } catch (const std::exception&) {
    return nlohmann::json::object();
  }
}

}  // namespace box::auth::entra
