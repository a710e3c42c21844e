// Anonymous access, for containers with public read access.
#pragma once

#include "auth/credential.h"

namespace box::auth {

class AnonymousCredential : public Credential {
 public:
  void authorize(http::Request& request) override { (void)request; }
  std::string description() const override { return "anonymous"; }
};

}  // namespace box::auth
