// Blob Storage URLs: parsing what the user typed into account, container and
// blob path, and building request URLs with every name segment encoded once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace box::storage {

// A parsed Blob Storage URL. Names are kept decoded; they are encoded only when
// blob_url() or container_url() builds a request URL, and never parsed again.
struct BlobUrl {
  // Scheme, host, port and, for emulator-style URLs, the account segment:
  // "https://acct.blob.core.windows.net" or "http://127.0.0.1:10000/devstoreaccount1".
  std::string service_base;
  std::string account;
  std::string container;  // empty for an account URL
  std::string blob_path;  // decoded; a blob name, a virtual folder prefix or empty
  std::string sas_query;  // raw query text without '?', may be empty
  // True when the account is the first path segment (IP literal or host:port
  // such as Azurite) rather than the first label of the host name.
  bool path_style = false;

  // Returns the container URL without a query, e.g. ".../devstoreaccount1/photos".
  std::string container_url() const;
  // Returns the URL of a blob in this container without a query, with each
  // '/'-separated segment of the name percent-encoded exactly once.
  std::string blob_url(std::string_view blob_name) const;
  // Returns container_url() or blob_url(blob_path), whichever this URL names.
  std::string resource_url() const;
  // Returns a copy naming another blob (or prefix) in the same container.
  BlobUrl with_blob_path(std::string blob_path) const;
};

// Returns an error message when the text starts like a URL but lacks the two
// slashes after the scheme ("http:/127.0.0.1/...", "https:host"), else nullopt.
// Such text is otherwise taken for a local path.
std::optional<std::string> url_slash_typo(std::string_view text);

// Parses an account, container, virtual folder or blob URL. Production hosts
// carry the account as their first label (ACCOUNT.blob.core.windows.net);
// emulator-style URLs (an IP literal, or an explicit port on a host that is not
// a *.blob.* name) carry it as the first path segment. Throws box::Error
// (usage) naming the redacted URL when the text is not such a URL.
BlobUrl parse_blob_url(std::string_view text);

// Returns true when the text starts with http:// or https:// (case-insensitive),
// which is how the commands tell URLs from local paths.
bool looks_like_url(std::string_view text);

}  // namespace box::storage
