#include "auth_fixture.h"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "auth/entra/client_certificate.h"
#include "auth/entra/jwt.h"
#include "http/client.h"

namespace box::testing {
namespace {

void openssl(const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.working_dir = dir;
  const ProcessResult result = run_process(argv, options);
  if (result.exit_code != 0) {
    throw std::runtime_error("openssl " + args.front() + " failed: " + result.err);
  }
}

void make_rsa_key(const std::string& name, const std::string& dir) {
  openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name}, dir);
}

void self_signed(const std::string& key, const std::string& cert, const std::string& subject, const std::string& dir) {
  openssl({"req", "-x509", "-new", "-key", key, "-out", cert, "-days", "2", "-subj", subject}, dir);
}

}  // namespace

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text, unsigned mode) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  chmod(path.c_str(), mode);
}

TestPki::TestPki() {
  const std::string& d = dir();
  make_rsa_key("ca.key", d);
  openssl({"req", "-x509", "-new", "-key", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=boxcopy test CA",
           "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"},
          d);

  make_rsa_key("server.key", d);
  openssl({"req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"}, d);
  write_text(d + "/server.ext", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
           "server.pem", "-days", "2", "-extfile", "server.ext"},
          d);

  make_rsa_key("client.key", d);
  self_signed("client.key", "client.pem", "/CN=boxcopy test client", d);
  write_text(d + "/client-combined.pem", read_text(d + "/client.pem") + read_text(d + "/client.key"));
  openssl({"pkey", "-in", "client.key", "-aes256", "-passout", std::string("pass:") + kCertPassword, "-out",
           "client-encrypted.key"},
          d);
  write_text(d + "/client-encrypted.pem", read_text(d + "/client.pem") + read_text(d + "/client-encrypted.key"));
  openssl({"pkcs12", "-export", "-inkey", "client.key", "-in", "client.pem", "-out", "client.pfx", "-passout",
           std::string("pass:") + kCertPassword},
          d);

  make_rsa_key("federation.key", d);
  self_signed("federation.key", "federation.pem", "/CN=boxcopy test federation issuer", d);
  write_text(d + "/federation-combined.pem", read_text(d + "/federation.pem") + read_text(d + "/federation.key"));
}

TokenServer::TokenServer(const TestPki& pki, int token_lifetime_seconds) {
  https_port_ = free_loopback_port();
  http_port_ = free_loopback_port();
  const std::string script = std::string(BOXCOPY_TOKEN_SERVER_SCRIPT);
  std::vector<std::string> argv = {"node",
                                   script,
                                   "--https-port=" + std::to_string(https_port_),
                                   "--http-port=" + std::to_string(http_port_),
                                   "--cert=" + pki.server_cert(),
                                   "--key=" + pki.server_key(),
                                   "--client-cert=" + pki.client_cert(),
                                   "--federation-cert=" + pki.federation_cert(),
                                   std::string("--client-secret=") + kClientSecret,
                                   std::string("--identity-header=") + kIdentityHeader,
                                   std::string("--msi-secret=") + kMsiSecret,
                                   "--arc-dir=" + arc_dir_.path(),
                                   "--token-lifetime=" + std::to_string(token_lifetime_seconds)};
  const std::string log_path = workspace_.path() + "/token-server.log";
  process_ = std::make_unique<BackgroundProcess>(argv, ProcessOptions{}, log_path);
  if (!wait_for_port(https_port_, std::chrono::seconds(20)) || !wait_for_port(http_port_, std::chrono::seconds(20))) {
    throw std::runtime_error("the token server did not start: " + read_text(log_path));
  }
}

nlohmann::json TokenServer::call(const std::string& method, const std::string& path, const std::string& body) const {
  http::Client client;
  http::Request request;
  request.method = method;
  request.url = http_base() + path;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"}};
  const http::Response response = client.send(request);
  if (!response.ok()) {
    throw std::runtime_error("token server " + path + " returned " + std::to_string(response.status));
  }
  return nlohmann::json::parse(response.body);
}

void TokenServer::configure(const nlohmann::json& settings) const { call("POST", "/_test/config", settings.dump()); }

nlohmann::json TokenServer::log() const { return call("GET", "/_test/log", ""); }

nlohmann::json TokenServer::mint(const std::string& tenant) const {
  return call("GET", "/_test/mint?tenant=" + tenant, "");
}

std::string make_federated_token(const TestPki& pki, const std::string& subject) {
  const auto certificate = auth::entra::ClientCertificate::load(pki.federation_combined(), std::nullopt);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "federation"}};
  const nlohmann::json claims = {{"iss", "https://oidc.test.example/issuer"},
                                 {"sub", subject},
                                 {"aud", "api://AzureADTokenExchange"},
                                 {"iat", now},
                                 {"nbf", now},
                                 {"exp", now + 3600}};
  const std::string input =
      auth::entra::base64url_encode(header.dump()) + "." + auth::entra::base64url_encode(claims.dump());
  return input + "." + auth::entra::base64url_encode(certificate.sign_rs256(input));
}

std::unique_ptr<Azurite> start_oauth_azurite(const TestPki& pki) {
  AzuriteOptions options;
  options.cert_path = pki.server_cert();
  options.key_path = pki.server_key();
  options.oauth_basic = true;
  return std::make_unique<Azurite>(options);
}

}  // namespace box::testing
