#include "support/sas.h"

#include <ctime>
#include <stdexcept>

#include "auth/base64.h"
#include "auth/shared_key.h"
#include "http/url.h"
#include "support/azurite.h"

namespace box::testing {

std::string container_sas(const std::string& container, const std::string& permissions, const std::string& expiry,
                          const std::string& base64_key) {
  const std::string version = "2018-11-09";
  // Fields: sp, st, se, canonicalized resource, si, sip, spr, sv, sr, snapshot
  // time, then the five response header overrides (rscc, rscd, rsce, rscl, rsct).
  const std::string string_to_sign = permissions + "\n\n" + expiry + "\n/blob/" + kDevAccount + "/" + container +
                                     "\n\n\n\n" + version + "\nc\n\n\n\n\n\n";
  const auto key = auth::base64_decode(base64_key.empty() ? std::string(kDevKey) : base64_key);
  if (!key) {
    throw std::invalid_argument("container_sas: the key is not base64");
  }
  const std::string signature = auth::hmac_sha256_base64(*key, string_to_sign);
  return "sv=" + version + "&sr=c&sp=" + permissions + "&se=" + http::percent_encode(expiry, false) +
         "&sig=" + http::percent_encode(signature, false);
}

std::string utc_years_from_now(int years) {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  parts.tm_year += years;
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace box::testing
