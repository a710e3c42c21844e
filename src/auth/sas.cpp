#include "auth/sas.h"

#include "common/error.h"
#include "common/redact.h"
#include "http/url.h"

namespace box::auth {

bool is_sas_query(std::string_view query) {
  try {
    return http::query_value(query, "sig").has_value();
  } catch (const Error&) {
    return false;
  }
}

SasCredential::SasCredential(std::string_view sas_query) {
  if (!sas_query.empty() && sas_query.front() == '?') {
    sas_query.remove_prefix(1);
  }
  query_ = std::string(sas_query);
  // Register both forms: the raw text appears in URLs, the decoded one in parsed values.
  for (std::string_view rest = query_; !rest.empty();) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.rfind("sig=", 0) == 0) {
      register_secret(pair.substr(4));
      try {
        register_secret(http::percent_decode(pair.substr(4)));
      } catch (const Error&) {
        // A malformed value is registered in its raw form only.
      }
    }
  }
}

void SasCredential::authorize(http::Request& request) {
  if (query_.empty()) {
    return;
  }
  request.url += request.url.find('?') == std::string::npos ? '?' : '&';
  request.url += query_;
}

}  // namespace box::auth
