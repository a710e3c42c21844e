#include "auth/shared_key.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <vector>

#include "auth/base64.h"
#include "auth/connection_string.h"
#include "common/error.h"
#include "common/redact.h"
#include "http/url.h"

namespace box::auth {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string header_or_empty(const http::Request& request, std::string_view name) {
  return http::find_header(request.headers, name).value_or("");
}

std::uint64_t body_length(const http::Request& request) {
  if (request.body_reader) {
    return request.body_length;
  }
  return request.body.size();
}

// x-ms-* headers, lower-cased and sorted by name, one "name:value\n" each.
std::string canonicalized_headers(const http::Request& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string key = lower(name);
    if (key.rfind("x-ms-", 0) == 0) {
      headers[std::move(key)] = trim(value);
    }
  }
  std::string out;
  for (const auto& [name, value] : headers) {
    out += name + ":" + value + "\n";
  }
  return out;
}

// "/account/path" as encoded in the URL, then "\nname:value" per query
// parameter: names lower-cased and sorted, values decoded, sorted and comma-joined.
std::string canonicalized_resource(const http::Request& request, std::string_view account) {
  const http::Url url = http::parse_url(request.url);
  std::string out = "/" + std::string(account) + (url.path.empty() ? "/" : url.path);
  std::map<std::string, std::vector<std::string>> parameters;
  for (auto& [name, value] : http::parse_query(url.query)) {
    parameters[lower(name)].push_back(std::move(value));
  }
  for (auto& [name, values] : parameters) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":";
    for (std::size_t i = 0; i < values.size(); ++i) {
      out += (i == 0 ? "" : ",") + values[i];
    }
  }
  return out;
}

const char* getenv_nonempty(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

}  // namespace

std::string shared_key_string_to_sign(const http::Request& request, std::string_view account) {
  const std::uint64_t length = body_length(request);
  const bool has_body = request.method == "PUT" || request.method == "POST";
  std::string out = request.method + "\n";
  out += header_or_empty(request, "Content-Encoding") + "\n";
  out += header_or_empty(request, "Content-Language") + "\n";
  out += (has_body && length > 0 ? std::to_string(length) : "") + "\n";
  out += header_or_empty(request, "Content-MD5") + "\n";
  out += header_or_empty(request, "Content-Type") + "\n";
  out += header_or_empty(request, "Date") + "\n";
  out += header_or_empty(request, "If-Modified-Since") + "\n";
  out += header_or_empty(request, "If-Match") + "\n";
  out += header_or_empty(request, "If-None-Match") + "\n";
  out += header_or_empty(request, "If-Unmodified-Since") + "\n";
  out += header_or_empty(request, "Range") + "\n";
  out += canonicalized_headers(request);
  out += canonicalized_resource(request, account);
  return out;
}

std::string hmac_sha256_base64(std::string_view key, std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
            text.size(), digest, &digest_length)) {
    throw Error(ErrorKind::internal, "HMAC-SHA256 failed in OpenSSL");
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_length));
}

SharedKeyCredential::SharedKeyCredential(std::string account, std::string_view base64_key)
    : account_(std::move(account)) {
  auto key = base64_decode(base64_key);
  if (!key || key->empty()) {
    throw Error(ErrorKind::auth, "the account key for '" + account_ +
                                     "' is not valid base64; copy it again from the storage account's access keys");
  }
  key_ = std::move(*key);
  register_secret(base64_key);
}

void SharedKeyCredential::authorize(http::Request& request) {
  const std::string signature = hmac_sha256_base64(key_, shared_key_string_to_sign(request, account_));
  std::string value = "SharedKey " + account_ + ":" + signature;
  for (auto& [name, existing] : request.headers) {
    if (lower(name) == "authorization") {
      existing = std::move(value);
      return;
    }
  }
  request.headers.emplace_back("Authorization", std::move(value));
}

std::shared_ptr<SharedKeyCredential> shared_key_from_environment() {
  if (const char* text = getenv_nonempty("AZURE_STORAGE_CONNECTION_STRING")) {
    const ConnectionString parsed = parse_connection_string(text);
    if (!parsed.account_key.empty()) {
      return std::make_shared<SharedKeyCredential>(parsed.account_name, parsed.account_key);
    }
  }
  const char* name = getenv_nonempty("ACCOUNT_NAME");
  const char* key = getenv_nonempty("ACCOUNT_KEY");
  if (name && key) {
    return std::make_shared<SharedKeyCredential>(name, key);
  }
  if (key) {
    throw Error(ErrorKind::usage, "ACCOUNT_KEY is set but ACCOUNT_NAME is not; set both or neither");
  }
  return nullptr;
}

}  // namespace box::auth
