#include "support/azurite.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace box::testing {

std::string node_modules_dir() {
  if (const char* dir = std::getenv("BOXCOPY_NODE_MODULES"); dir && *dir) {
    return dir;
  }
  return BOXCOPY_TEST_NODE_MODULES;
}

Azurite::Azurite(const AzuriteOptions& options) {
  const std::string binary = node_modules_dir() + "/.bin/azurite-blob";
  if (!std::filesystem::exists(binary)) {
    throw std::runtime_error("Azurite not found at " + binary + "; run `npm ci` in the repository root");
  }
  port_ = free_loopback_port();
  log_path_ = workspace_.path() + "/azurite.log";
  std::vector<std::string> argv = {binary,
                                   "--blobHost", "127.0.0.1",
                                   "--blobPort", std::to_string(port_),
                                   "--inMemoryPersistence",
                                   "--disableTelemetry",
                                   "--silent"};
  if (options.cert_path && options.key_path) {
    https_ = true;
    argv.insert(argv.end(), {"--cert", *options.cert_path, "--key", *options.key_path});
  }
  if (options.oauth_basic) {
    argv.insert(argv.end(), {"--oauth", "basic"});
  }
  // Azurite rejects --location together with --inMemoryPersistence, so the
  // workspace is its working folder instead, for any debug files it writes.
  ProcessOptions process_options;
  process_options.working_dir = workspace_.path();
  process_ = std::make_unique<BackgroundProcess>(argv, process_options, log_path_);
  if (!wait_for_port(port_, std::chrono::seconds(30)) || !process_->running()) {
    std::ifstream log(log_path_);
    std::stringstream text;
    text << log.rdbuf();
    throw std::runtime_error("Azurite did not start on port " + std::to_string(port_) + ": " + text.str());
  }
}

std::string Azurite::account_url() const {
  return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + "/" + kDevAccount;
}

std::string Azurite::connection_string() const {
  return std::string("DefaultEndpointsProtocol=") + (https_ ? "https" : "http") + ";AccountName=" + kDevAccount +
         ";AccountKey=" + kDevKey + ";BlobEndpoint=" + account_url() + ";";
}

Azurite& shared_azurite() {
  static Azurite instance;
  return instance;
}

}  // namespace box::testing
