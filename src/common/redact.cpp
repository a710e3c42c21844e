#include "common/redact.h"

#include <algorithm>
#include <cctype>
#include <array>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace box {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Query parameters that carry no secret: those of the Blob service and of SAS
// tokens, then those of the managed identity endpoints (IMDS, App Service,
// Azure Arc), whose identity IDs are not credentials.
constexpr std::array<std::string_view, 33> kSafeQueryParameters = {
    "sv",     "ss",        "srt",      "sp",      "se",         "st",      "spr",     "sr",
    "si",     "sip",       "skoid",    "sktid",   "skt",        "ske",     "sks",     "skv",
    "restype", "comp",     "prefix",   "delimiter", "marker",   "maxresults", "blockid", "include",
    "api-version", "resource", "client_id", "clientid", "mi_res_id", "msi_res_id", "object_id", "principal_id",
    "scope"};

constexpr std::array<std::string_view, 20> kSafeHeaders = {
    "Content-Length",      "Content-Type",         "Content-MD5",          "Content-Range",
    "Range",               "Date",                 "ETag",                 "Last-Modified",
    "x-ms-version",        "x-ms-date",            "x-ms-request-id",      "x-ms-client-request-id",
    "x-ms-error-code",     "x-ms-blob-type",       "x-ms-range",           "x-ms-content-crc64",
    "x-ms-blob-content-md5", "Retry-After",        "User-Agent",           "Accept"};

std::mutex secrets_mutex;
std::vector<std::string>& secrets() {
  static std::vector<std::string> values;
  return values;
}

}  // namespace

std::string redact_url(std::string_view url) {
  const auto query_start = url.find('?');
  if (query_start == std::string_view::npos) {
    return std::string(url);
  }
  std::string out(url.substr(0, query_start + 1));
  std::string_view query = url.substr(query_start + 1);
  bool first = true;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (!first) {
      out += '&';
    }
    first = false;
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const bool safe = std::any_of(kSafeQueryParameters.begin(), kSafeQueryParameters.end(),
                                  [&](std::string_view s) { return iequals(s, name); });
    if (eq == std::string_view::npos || safe) {
      out += pair;
    } else {
      out += name;
      out += '=';
      out += kRedacted;
    }
  }
  return out;
}

std::string redact_header(std::string_view name, std::string_view value) {
  const bool safe = std::any_of(kSafeHeaders.begin(), kSafeHeaders.end(),
                                [&](std::string_view s) { return iequals(s, name); });
  return safe ? std::string(value) : std::string(kRedacted);
}

void register_secret(std::string_view secret) {
  if (secret.size() < 6) {
    return;
  }
  std::lock_guard lock(secrets_mutex);
  auto& values = secrets();
  if (std::find(values.begin(), values.end(), secret) == values.end()) {
    values.emplace_back(secret);
  }
}

std::string redact_text(std::string_view text) {
  std::string out(text);
  {
    std::lock_guard lock(secrets_mutex);
    for (const auto& secret : secrets()) {
      for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos)) {
        out.replace(pos, secret.size(), kRedacted);
        pos += kRedacted.size();
      }
    }
  }
  // Patterns catch secrets that were never registered, such as a SAS pasted
  // into an error message by the service.
  // Each pattern runs only when the text contains one of its words, because every
  // log line passes through here and std::regex is slow.
  struct Pattern {
    std::regex regex;
    std::vector<std::string_view> words;  // lowercase
  };
  static const std::array<Pattern, 5> patterns = {
      Pattern{std::regex(R"(([?&]sig=)[^&\s"']+)", std::regex::icase), {"sig="}},
      Pattern{std::regex(R"((Bearer\s+)[A-Za-z0-9._~+/=-]+)", std::regex::icase), {"bearer"}},
      Pattern{std::regex(R"((SharedKey\s+[^:\s]+:)[A-Za-z0-9+/=]+)", std::regex::icase), {"sharedkey"}},
      Pattern{std::regex(R"((AccountKey=)[^;\s"']+)", std::regex::icase), {"accountkey="}},
      Pattern{std::regex(R"(((?:client_secret|client_assertion|refresh_token|access_token)["']?\s*[=:]\s*["']?)[^&\s"',}]+)",
                         std::regex::icase),
              {"client_secret", "client_assertion", "refresh_token", "access_token"}},
  };
  std::string lower(out);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& pattern : patterns) {
    const bool present = std::any_of(pattern.words.begin(), pattern.words.end(),
                                     [&lower](std::string_view word) { return lower.find(word) != std::string::npos; });
    if (present) {
      out = std::regex_replace(out, pattern.regex, "$1REDACTED");
    }
  }
  return out;
}

}  // namespace box
