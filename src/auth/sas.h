// Shared access signature (SAS) authorization: the token from the user's URL
// is appended to every request's query. Its signature never reaches a log.
#pragma once

#include <string>
#include <string_view>

#include "auth/credential.h"

namespace box::auth {

class SasCredential : public Credential {
 public:
  // Takes the raw query text of the URL (with or without the leading '?') and
  // registers its sig= value with box::register_secret.
  explicit SasCredential(std::string_view sas_query);

  void authorize(http::Request& request) override;
  std::string description() const override { return "SAS"; }

  const std::string& query() const { return query_; }

 private:
  std::string query_;
};

// True when the query contains a sig= parameter, i.e. is a SAS.
bool is_sas_query(std::string_view query);

}  // namespace box::auth
