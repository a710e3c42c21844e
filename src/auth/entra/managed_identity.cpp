#include "auth/entra/managed_identity.h"

#include <sys/stat.h>

#include <filesystem>
#include <cerrno>
#include <cstring>

#include "auth/entra/authority.h"
#include "auth/read_file.h"
#include "common/error.h"
#include "common/redact.h"
#include "http/transfer_error.h"
#include "http/url.h"

namespace box::auth::entra {
namespace {

// The real metadata address. Tests set AZURE_POD_IDENTITY_AUTHORITY_HOST so this is never contacted.
constexpr const char* kImdsHost = "http://169.254.169.254";
// The Azure SDKs for Go and C++ reject Arc key files larger than this.
constexpr std::uintmax_t kMaxArcKeySize = 4096;

std::string checked_url(const std::string& value, const char* variable) {
  try {
    return http::parse_url(value).str();
  } catch (const Error&) {
    throw Error(ErrorKind::usage, std::string("the environment variable ") + variable + " is not a valid URL: '" +
                                      value + "'");
  }
}

std::string append_query(std::string url, const std::string& name, const std::string& value) {
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += name + "=" + http::percent_encode(value, false);
  return url;
}

}  // namespace

const char* to_string(ManagedIdentityEndpoint endpoint) {
  switch (endpoint) {
    case ManagedIdentityEndpoint::app_service:
      return "App Service";
    case ManagedIdentityEndpoint::app_service_2017:
      return "App Service (MSI_ENDPOINT)";
    case ManagedIdentityEndpoint::cloud_shell:
      return "Cloud Shell (MSI_ENDPOINT)";
    case ManagedIdentityEndpoint::azure_arc:
      return "Azure Arc";
    case ManagedIdentityEndpoint::imds:
      return "IMDS";
  }
  return "unknown";
}

std::string arc_tokens_dir() {
  return env_value("BOXCOPY_ARC_TOKENS_DIR").value_or("/var/opt/azcmagent/tokens");
}

ManagedIdentitySource::ManagedIdentitySource(http::Client& client, ManagedIdentityOptions options)
    : client_(client), options_(std::move(options)) {
  if (!options_.client_id.empty() && !options_.resource_id.empty()) {
    throw Error(ErrorKind::usage,
                "give either a managed identity client ID or a resource ID, not both "
                "(--identity-client-id, --identity-resource-id, AZCOPY_MSI_CLIENT_ID, AZCOPY_MSI_RESOURCE_STRING)");
  }

  const auto identity_endpoint = env_value("IDENTITY_ENDPOINT");
  const auto identity_header = env_value("IDENTITY_HEADER");
  const auto msi_endpoint = env_value("MSI_ENDPOINT");
  const auto msi_secret = env_value("MSI_SECRET");
  if (identity_endpoint && identity_header) {
    endpoint_ = ManagedIdentityEndpoint::app_service;
    url_ = checked_url(*identity_endpoint, "IDENTITY_ENDPOINT");
    url_origin_ = "IDENTITY_ENDPOINT";
    secret_header_ = *identity_header;
  } else if (msi_endpoint && msi_secret) {
    endpoint_ = ManagedIdentityEndpoint::app_service_2017;
    url_ = checked_url(*msi_endpoint, "MSI_ENDPOINT");
    url_origin_ = "MSI_ENDPOINT";
    secret_header_ = *msi_secret;
  } else if (msi_endpoint) {
    endpoint_ = ManagedIdentityEndpoint::cloud_shell;
    url_ = checked_url(*msi_endpoint, "MSI_ENDPOINT");
    url_origin_ = "MSI_ENDPOINT";
  } else if (identity_endpoint && env_value("IMDS_ENDPOINT")) {
    endpoint_ = ManagedIdentityEndpoint::azure_arc;
    url_ = checked_url(*identity_endpoint, "IDENTITY_ENDPOINT");
    url_origin_ = "IDENTITY_ENDPOINT";
  } else {
    endpoint_ = ManagedIdentityEndpoint::imds;
    const auto host_variable = env_value("AZURE_POD_IDENTITY_AUTHORITY_HOST");
    std::string host = host_variable.value_or(kImdsHost);
    url_origin_ = host_variable ? "AZURE_POD_IDENTITY_AUTHORITY_HOST"
                                : std::string("the default metadata host ") + kImdsHost +
                                      ", which answers only on Azure VMs (AZURE_POD_IDENTITY_AUTHORITY_HOST "
                                      "replaces it)";
    while (!host.empty() && host.back() == '/') {
      host.pop_back();
    }
    url_ = checked_url(host + "/metadata/identity/oauth2/token", "AZURE_POD_IDENTITY_AUTHORITY_HOST");
  }
  register_secret(secret_header_);

  if (endpoint_ == ManagedIdentityEndpoint::azure_arc && (!options_.client_id.empty() || !options_.resource_id.empty())) {
    throw Error(ErrorKind::usage,
                "Azure Arc supports only the system-assigned identity; remove --identity-client-id and "
                "--identity-resource-id");
  }
}

std::string ManagedIdentitySource::describe() const { return std::string(to_string(endpoint_)) + " at " + url_; }

http::Request ManagedIdentitySource::build_request() const {
  http::Request request;
  request.url = url_;
  const std::string& client_id = options_.client_id;
  const std::string& resource_id = options_.resource_id;
  switch (endpoint_) {
    case ManagedIdentityEndpoint::app_service:
      request.url = append_query(append_query(request.url, "api-version", "2019-08-01"), "resource", kStorageResource);
      if (!client_id.empty()) request.url = append_query(request.url, "client_id", client_id);
      if (!resource_id.empty()) request.url = append_query(request.url, "mi_res_id", resource_id);
      request.headers.emplace_back("X-IDENTITY-HEADER", secret_header_);
      break;
    case ManagedIdentityEndpoint::app_service_2017:
      request.url = append_query(append_query(request.url, "api-version", "2017-09-01"), "resource", kStorageResource);
      if (!client_id.empty()) request.url = append_query(request.url, "clientid", client_id);
      if (!resource_id.empty()) request.url = append_query(request.url, "mi_res_id", resource_id);
      request.headers.emplace_back("secret", secret_header_);
      break;
    case ManagedIdentityEndpoint::cloud_shell: {
      request.method = "POST";
      FormFields fields = {{"resource", kStorageResource}};
      if (!client_id.empty()) fields.emplace_back("client_id", client_id);
      if (!resource_id.empty()) fields.emplace_back("msi_res_id", resource_id);
      request.body = encode_form(fields);
      request.headers = {{"Metadata", "true"}, {"Content-Type", "application/x-www-form-urlencoded"}};
      break;
    }
    case ManagedIdentityEndpoint::azure_arc:
      request.url = append_query(append_query(request.url, "api-version", "2019-11-01"), "resource", kStorageResource);
      request.headers.emplace_back("Metadata", "true");
      break;
    case ManagedIdentityEndpoint::imds:
      request.url = append_query(append_query(request.url, "api-version", "2018-02-01"), "resource", kStorageResource);
      if (!client_id.empty()) request.url = append_query(request.url, "client_id", client_id);
      if (!resource_id.empty()) request.url = append_query(request.url, "msi_res_id", resource_id);
      request.headers.emplace_back("Metadata", "true");
      break;
  }
  return request;
}

// Azure Arc responds to the first request with 401 and "WWW-Authenticate: Basic
// realm=<path>". Reading that file proves local access. Like the Azure SDKs,
// only a .key file of at most 4096 bytes directly in the Arc tokens folder is
// accepted, so the endpoint cannot make us send some other file.
std::string ManagedIdentitySource::read_arc_challenge_key(const http::Response& response) const {
  const auto challenge = response.header("WWW-Authenticate");
  const auto equals = challenge ? challenge->find('=') : std::string::npos;
  if (equals == std::string::npos || !challenge->starts_with("Basic realm")) {
    throw Error(ErrorKind::auth, "Azure Arc responded with 401 but without a 'Basic realm=<key file>' challenge");
  }
  std::string path = challenge->substr(equals + 1);
  if (path.size() >= 2 && path.front() == '"' && path.back() == '"') {
    path = path.substr(1, path.size() - 2);
  }

  namespace fs = std::filesystem;
  const fs::path key_path = fs::path(path).lexically_normal();
  const fs::path expected_dir = fs::path(arc_tokens_dir()).lexically_normal();
  if (key_path.parent_path() != expected_dir || key_path.extension() != ".key") {
    throw Error(ErrorKind::auth, "Azure Arc named the key file '" + path + "', which is not a .key file in " +
                                     expected_dir.string() + ", so it was not read");
  }
  std::error_code error;
  const auto size = fs::file_size(key_path, error);
  if (error) {
    throw Error(ErrorKind::auth, "cannot read the Azure Arc key file '" + path + "': " + error.message() +
                                     " (the user needs to be in the himds group)");
  }
  if (size > kMaxArcKeySize) {
    throw Error(ErrorKind::auth, "the Azure Arc key file '" + path + "' has " + std::to_string(size) +
                                     " bytes, more than the maximum of 4096");
  }
  auto key = read_whole_file(key_path.string());
  if (!key) {
    throw Error(ErrorKind::auth, "cannot read the Azure Arc key file '" + path + "': " + std::strerror(errno));
  }
  register_secret(*key);
  return std::move(*key);
}

http::Response ManagedIdentitySource::send(const http::Request& request) const {
  try {
    return client_.send_with_retry(request);
  } catch (const http::TransferError& error) {
    if (error.kind() != ErrorKind::network) {
      throw;
    }
    throw Error(ErrorKind::network, std::string("cannot reach the managed identity endpoint (") +
                                        to_string(endpoint_) + ") " + redact_url(request.url) + ": " +
                                        error.detail() + "; check " + url_origin_ + " and the network");
  }
}

AccessToken ManagedIdentitySource::acquire(const std::string&) {
  const std::string source = std::string("managed identity (") + to_string(endpoint_) + ")";
  http::Request request = build_request();
  http::Response response = send(request);
  if (endpoint_ == ManagedIdentityEndpoint::azure_arc && response.status == 401) {
    request.headers.emplace_back("Authorization", "Basic " + read_arc_challenge_key(response));
    response = send(request);
  }
  if (!response.ok()) {
    std::string hint;
    if (response.status == 401 && endpoint_ == ManagedIdentityEndpoint::app_service) {
      hint = "check IDENTITY_HEADER";
    } else if (response.status == 401 && endpoint_ == ManagedIdentityEndpoint::app_service_2017) {
      hint = "check MSI_SECRET";
    }
    throw token_request_error(response, source, hint);
  }
  return parse_token_response(response.body, source);
}

}  // namespace box::auth::entra
