#include "auth/entra/jwt.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>

#include "common/error.h"

namespace box::auth::entra {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned value = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    out += kAlphabet[(value >> 6) & 63];
    out += kAlphabet[value & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) {
      value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    if (rest == 2) {
      out += kAlphabet[(value >> 6) & 63];
    }
  }
  return out;
}

std::string base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    // Standard base64 characters are accepted too, as some issuers emit them.
    const char normalized = c == '+' ? '-' : c == '/' ? '_' : c;
    const auto index = kAlphabet.find(normalized);
    if (index == std::string_view::npos) {
      throw Error(ErrorKind::input, "invalid base64url character in a token");
    }
    value = (value << 6) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
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
