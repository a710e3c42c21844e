#include "storage/blob_url.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/redact.h"
#include "http/url.h"

namespace box::storage {
namespace {

bool is_ipv4_literal(std::string_view host) {
  int dots = 0;
  for (const char c : host) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

// Emulators (Azurite, IP endpoints) put the account in the path. A named host
// with an explicit port is treated the same way unless it is a *.blob.* host,
// so "http://azurite:10000/devstoreaccount1/c" works inside a compose network.
bool uses_path_style(const http::Url& url) {
  const std::string host = url.bare_host();
  if (url.host.front() == '[' || is_ipv4_literal(host)) {
    return true;
  }
  return url.port.has_value() && host.find(".blob.") == std::string::npos;
}

// Splits "/a/b/c" into its first segment and the rest ("a", "b/c").
std::pair<std::string_view, std::string_view> split_first_segment(std::string_view path) {
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) {
    return {path, {}};
  }
  return {path.substr(0, slash), path.substr(slash + 1)};
}

std::string encode_name(std::string_view name) {
  // Each segment is encoded on its own, so a '/' inside the name stays a
  // separator and every other byte (including '%') is encoded exactly once.
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto slash = name.find('/', start);
    out += http::percent_encode(name.substr(start, slash - start), false);
    if (slash == std::string_view::npos) {
      break;
    }
    out += '/';
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string BlobUrl::container_url() const {
  return service_base + "/" + http::percent_encode(container, false);
}

std::string BlobUrl::blob_url(std::string_view blob_name) const {
  return container_url() + "/" + encode_name(blob_name);
}

std::string BlobUrl::resource_url() const {
  if (container.empty()) {
    return service_base;
  }
  return blob_path.empty() ? container_url() : blob_url(blob_path);
}

BlobUrl BlobUrl::with_blob_path(std::string path) const {
  BlobUrl copy = *this;
  copy.blob_path = std::move(path);
  return copy;
}

// True when text starts with the lower-case prefix, ignoring the case of text.
static bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

bool looks_like_url(std::string_view text) {
  return starts_with_ignoring_case(text, "http://") || starts_with_ignoring_case(text, "https://");
}

std::optional<std::string> url_slash_typo(std::string_view text) {
  for (const std::string_view scheme : {"http:", "https:"}) {
    if (starts_with_ignoring_case(text, scheme) && text.substr(scheme.size(), 2) != "//") {
      return "invalid URL '" + redact_url(text) + "': write two slashes after '" + std::string(scheme) +
             "', as in " + std::string(scheme) + "//HOST/CONTAINER";
    }
  }
  return std::nullopt;
}

BlobUrl parse_blob_url(std::string_view text) {
  const http::Url url = http::parse_url(text);
  const auto invalid = [&](const std::string& why) {
    return Error(ErrorKind::usage, "invalid Blob Storage URL '" + redact_url(text) + "': " + why);
  };

  BlobUrl out;
  out.sas_query = url.query;
  out.path_style = uses_path_style(url);
  std::string_view path = url.path;
  if (out.path_style) {
    const auto [account, rest] = split_first_segment(path);
    if (account.empty()) {
      throw invalid("an emulator URL needs the account as its first path segment, as in "
                    "http://127.0.0.1:10000/devstoreaccount1/container");
    }
    out.account = http::percent_decode(account);
    out.service_base = url.origin() + "/" + std::string(account);
    path = rest;
  } else {
    const std::string host = url.bare_host();
    out.account = host.substr(0, host.find('.'));
    out.service_base = url.origin();
  }
  if (out.account.empty()) {
    throw invalid("the account name is missing");
  }

  const auto [container, blob] = split_first_segment(path);
  out.container = http::percent_decode(container);
  out.blob_path = http::percent_decode(blob);
  if (out.container.empty() && !out.blob_path.empty()) {
    throw invalid("the container name is empty");
  }
  return out;
}

}  // namespace box::storage
