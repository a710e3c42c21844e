// URL parsing and percent-encoding. Blob names are encoded once, segment by
// segment, when a URL is built; local paths never pass through here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace box::http {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // as written; an IPv6 literal keeps its brackets
  std::optional<int> port;
  std::string path;    // percent-encoded, starts with '/' (or is empty)
  std::string query;   // without the leading '?'

  // Returns scheme://host[:port]
  std::string origin() const;
  std::string str() const;
  // Returns the host without IPv6 brackets, lower case.
  std::string bare_host() const;
};

// Parses an absolute http(s) URL. Throws box::Error (usage) naming the text when it is not one.
Url parse_url(std::string_view text);

// Percent-encodes every byte except RFC 3986 unreserved characters and, when
// keep_slash is true, '/'.
std::string percent_encode(std::string_view text, bool keep_slash);

// Decodes %XX sequences. Throws box::Error (input) on a malformed sequence.
std::string percent_decode(std::string_view text);

// Splits a raw query string into decoded name/value pairs.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// Returns the decoded value of a query parameter, if present.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

}  // namespace box::http
