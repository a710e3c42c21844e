// Secret redaction for anything printed or logged. URLs and headers pass an
// allow-list (unlisted values print as REDACTED); free text is scrubbed of every
// secret registered at run time and of well-known credential patterns.
#pragma once

#include <string>
#include <string_view>

namespace box {

inline constexpr std::string_view kRedacted = "REDACTED";

// Returns the URL with the value of every query parameter that is not on the
// allow-list (sv, se, sp, restype, comp, prefix, ...) replaced by REDACTED.
// A SAS signature (sig) is never on the list.
std::string redact_url(std::string_view url);

// Returns the header value as-is for allow-listed names (Content-Length,
// x-ms-request-id, ...) and REDACTED for all others, Authorization included.
std::string redact_header(std::string_view name, std::string_view value);

// Remembers a secret value (client secret, token, account key, SAS signature)
// so that redact_text removes it wherever it appears. Values shorter than 6
// characters are ignored, since they would match ordinary text.
void register_secret(std::string_view secret);

// Returns the text with registered secrets and credential patterns
// (sig=..., Bearer ..., AccountKey=..., client_secret=...) replaced by REDACTED.
std::string redact_text(std::string_view text);

}  // namespace box
