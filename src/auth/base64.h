// Standard base64 (RFC 4648, with padding), as Blob Storage uses it for
// account keys, signatures, block ids and Content-MD5 values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace box::auth {

std::string base64_encode(std::string_view bytes);

// Returns the decoded bytes, or nullopt when the text is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace box::auth
