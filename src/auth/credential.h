// The interface every way of authorizing a Blob Storage request implements:
// SAS in the URL, Shared Key signing, anonymous access, and Entra ID bearer tokens.
#pragma once

#include <string>

#include "http/client.h"

namespace box::auth {

class Credential {
 public:
  virtual ~Credential() = default;

  // Adds what the request needs (a query string, an Authorization header) just
  // before it is sent. Called again for every retry, so signatures and tokens
  // stay fresh. Throws box::Error (auth) when no valid credential can be had.
  virtual void authorize(http::Request& request) = 0;

  // Called after a 401 response. Returns true when the credential changed
  // (for example a token re-acquired for the tenant the challenge names) and
  // the request is worth sending once more.
  virtual bool refresh_after_challenge(const http::Response& response) {
    (void)response;
    return false;
  }

  // Names the method for logs and summaries, without secrets ("Shared Key", "SAS", "OAuth token (spn)").
  virtual std::string description() const = 0;
};

}  // namespace box::auth
