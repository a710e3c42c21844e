#include "auth/connection_string.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"

namespace box::auth {
namespace {

// Azurite's well-known development account, published in its documentation; not a secret.
constexpr std::string_view kDevelopmentAccount = "devstoreaccount1";
constexpr std::string_view kDevelopmentKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Splits "Key=Value;Key=Value" with keys lower-cased. Values keep their '='
// characters, since account keys end in base64 padding.
std::map<std::string, std::string> split_pairs(std::string_view text) {
  std::map<std::string, std::string> pairs;
  while (!text.empty()) {
    const auto semicolon = text.find(';');
    const std::string_view pair = text.substr(0, semicolon);
    text = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
    if (pair.find_first_not_of(" \t") == std::string_view::npos) {
      continue;
    }
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw Error(ErrorKind::usage, "invalid AZURE_STORAGE_CONNECTION_STRING: expected Key=Value pairs separated "
                                    "by ';', found a part without a key or '='");
    }
    pairs[lower(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
  }
  return pairs;
}

}  // namespace

ConnectionString parse_connection_string(std::string_view text) {
  const auto pairs = split_pairs(text);
  const auto value = [&](const char* key) {
    const auto found = pairs.find(key);
    return found == pairs.end() ? std::string() : found->second;
  };

  ConnectionString out;
  if (lower(value("usedevelopmentstorage")) == "true") {
    out.account_name = kDevelopmentAccount;
    out.account_key = kDevelopmentKey;
    out.blob_endpoint = "http://127.0.0.1:10000/" + std::string(kDevelopmentAccount);
    return out;
  }

  out.account_name = value("accountname");
  out.account_key = value("accountkey");
  out.shared_access_signature = value("sharedaccesssignature");
  if (!out.shared_access_signature.empty() && out.shared_access_signature.front() == '?') {
    out.shared_access_signature.erase(0, 1);
  }
  out.blob_endpoint = value("blobendpoint");
  while (!out.blob_endpoint.empty() && out.blob_endpoint.back() == '/') {
    out.blob_endpoint.pop_back();
  }
  if (out.blob_endpoint.empty() && !out.account_name.empty()) {
    const std::string protocol = value("defaultendpointsprotocol").empty() ? "https" : value("defaultendpointsprotocol");
    const std::string suffix = value("endpointsuffix").empty() ? "core.windows.net" : value("endpointsuffix");
    out.blob_endpoint = protocol + "://" + out.account_name + ".blob." + suffix;
  }
  if (!out.account_key.empty() && out.account_name.empty()) {
    throw Error(ErrorKind::usage, "invalid AZURE_STORAGE_CONNECTION_STRING: AccountKey is set but AccountName is "
                                  "missing");
  }
  if (out.blob_endpoint.empty()) {
    throw Error(ErrorKind::usage, "invalid AZURE_STORAGE_CONNECTION_STRING: it needs AccountName or BlobEndpoint");
  }
  if (out.account_key.empty() && out.shared_access_signature.empty()) {
    throw Error(ErrorKind::usage, "invalid AZURE_STORAGE_CONNECTION_STRING: it needs AccountName and AccountKey, "
                                  "SharedAccessSignature, or UseDevelopmentStorage=true");
  }
  return out;
}

}  // namespace box::auth
