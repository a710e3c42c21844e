// Starts a real Azurite Blob service on 127.0.0.1 for tests: in memory, with
// telemetry disabled, on a free port; optionally over HTTPS with OAuth checks.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "support/process.h"

namespace box::testing {

inline constexpr const char* kDevAccount = "devstoreaccount1";
// Azurite's well-known development key, published in its documentation; it is not a secret.
inline constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

struct AzuriteOptions {
  std::optional<std::string> cert_path;  // PEM certificate; with key_path, serves HTTPS
  std::optional<std::string> key_path;
  bool oauth_basic = false;              // --oauth basic (needs HTTPS)
};

class Azurite {
 public:
  explicit Azurite(const AzuriteOptions& options = {});

  int port() const { return port_; }
  // Returns e.g. http://127.0.0.1:PORT/devstoreaccount1
  std::string account_url() const;
  // Returns a connection string for the development account.
  std::string connection_string() const;
  const std::string& log_path() const { return log_path_; }

 private:
  TempDir workspace_;
  int port_ = 0;
  bool https_ = false;
  std::string log_path_;
  std::unique_ptr<BackgroundProcess> process_;
};

// Returns a plain-HTTP Azurite shared by all tests of this binary, started on first use.
Azurite& shared_azurite();

// Returns the folder with the npm packages (node_modules) the tests use.
std::string node_modules_dir();

}  // namespace box::testing
