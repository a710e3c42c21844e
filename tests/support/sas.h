// Service SAS tokens for tests, signed with the Azurite development key the
// way the Blob service checks them, so tests can exercise valid, expired and
// mis-signed SAS URLs.
#pragma once

#include <string>

namespace box::testing {

// Returns the query text (without '?') of a container SAS in the 2018-11-09
// layout: sv, sr=c, sp, se and sig. `permissions` uses the service's letters
// (r read, a add, c create, w write, d delete, l list); `expiry` is
// "YYYY-MM-DDThh:mm:ssZ"; `base64_key` defaults to the development key.
std::string container_sas(const std::string& container, const std::string& permissions, const std::string& expiry,
                          const std::string& base64_key = {});

// Returns the UTC time `years` from now (negative for the past) as "YYYY-MM-DDThh:mm:ssZ".
std::string utc_years_from_now(int years);

}  // namespace box::testing
