// Azure Storage connection strings ("AccountName=...;AccountKey=...;...").
#pragma once

#include <string>
#include <string_view>

namespace box::auth {

struct ConnectionString {
  std::string account_name;
  std::string account_key;              // base64, as the portal shows it
  std::string blob_endpoint;            // BlobEndpoint, or built from the protocol and suffix
  std::string shared_access_signature;  // SharedAccessSignature, without '?'
};

// Parses the string. UseDevelopmentStorage=true stands for Azurite's
// well-known account on http://127.0.0.1:10000. Throws box::Error (usage) for
// malformed text or missing parts; messages name keys, never the AccountKey value.
ConnectionString parse_connection_string(std::string_view text);

}  // namespace box::auth
