#include "doctor/checks.h"

#include <netdb.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <system_error>
#include <thread>

#include "common/error.h"
#include "common/redact.h"
#include "http/client.h"
#include "http/url.h"

namespace box::doctor {
namespace {

// From <linux/keyctl.h>; spelled out so that no keyutils header is needed here.
constexpr long kKeyctlGetKeyringId = 0;
constexpr long kKeySpecSessionKeyring = -3;

std::string errno_name(int value) {
  switch (value) {
    case EPERM: return "EPERM";
    case ENOSYS: return "ENOSYS";
    case EACCES: return "EACCES";
    case EDQUOT: return "EDQUOT";
    case ENOKEY: return "ENOKEY";
    default: return std::to_string(value);
  }
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool readable_file(const std::string& path) { return !path.empty() && access(path.c_str(), R_OK) == 0; }

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", bytes, units[unit]);
  return text;
}

}  // namespace

const char* to_string(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::warning: return "warning";
    case Status::problem: return "problem";
  }
  return "unknown";
}

Finding check_seccomp() {
  Finding finding{"seccomp", Status::ok, "", ""};
  std::ifstream status("/proc/self/status");
  std::string line;
  std::string mode;
  while (std::getline(status, line)) {
    if (line.rfind("Seccomp:", 0) == 0) {
      mode = line.substr(line.find_first_not_of(" \t", 8));
    }
  }
  if (mode == "0") {
    finding.detail = "no seccomp filter";
  } else if (mode == "1") {
    finding.detail = "strict mode";
  } else if (mode == "2") {
    finding.detail = "filter mode (a container runtime's profile is active)";
  } else {
    finding.detail = "unknown (/proc/self/status has no Seccomp line)";
  }
  return finding;
}

Finding check_keyring() {
  Finding finding{"keyring", Status::ok, "", ""};
  const long id = syscall(SYS_keyctl, kKeyctlGetKeyringId, kKeySpecSessionKeyring, 1L);
  if (id >= 0) {
    finding.detail = "the kernel keyring works; a login is kept there";
    return finding;
  }
  const int error = errno;
  finding.status = Status::warning;
  finding.detail = "keyctl failed with " + errno_name(error) + " (" + std::strerror(error) + ")";
  if (error == EPERM || error == ENOSYS) {
    finding.detail += ", as under Docker's, Podman's and containerd's default seccomp profiles";
  }
  finding.fix = "nothing needed: logins fall back to a file in the state folder (mode 0600); "
                "to use the keyring, allow add_key and keyctl (boxfit patch --profile docker -- boxcopy login ...)";
  return finding;
}

Finding check_threads() {
  Finding finding{"threads", Status::ok, "threads start", ""};
  try {
    std::thread probe([] {});
    probe.join();
  } catch (const std::system_error& error) {
    finding.status = Status::problem;
    finding.detail = std::string("cannot start a thread: ") + error.what();
    finding.fix = "the seccomp profile denies clone3 with EPERM (Docker 20.10.0 to 20.10.9); "
                  "upgrade Docker to 20.10.10 or later, or run with a profile from `boxfit patch`";
  }
  return finding;
}

Finding check_ca_certificates() {
  Finding finding{"CA certificates", Status::ok, "", ""};
  const std::string file = env_or_empty("SSL_CERT_FILE");
  const std::string dir = env_or_empty("SSL_CERT_DIR");
  if (!file.empty()) {
    if (readable_file(file)) {
      finding.detail = "SSL_CERT_FILE=" + file;
    } else {
      finding.status = Status::problem;
      finding.detail = "SSL_CERT_FILE=" + file + " cannot be read";
      finding.fix = "point SSL_CERT_FILE at a readable PEM bundle, or unset it";
    }
    return finding;
  }
  if (!dir.empty()) {
    finding.detail = "SSL_CERT_DIR=" + dir;
    return finding;
  }
  for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"}) {
    if (readable_file(path)) {
      finding.detail = std::string("system bundle ") + path;
      return finding;
    }
  }
  finding.status = Status::problem;
  finding.detail = "no CA bundle found; HTTPS requests will fail certificate verification";
  finding.fix = "install the ca-certificates package, or set SSL_CERT_FILE";
  return finding;
}

Finding check_proxy() {
  Finding finding{"proxy", Status::ok, "", ""};
  std::string found;
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"}) {
    const std::string value = env_or_empty(name);
    if (!value.empty()) {
      found += (found.empty() ? "" : ", ") + std::string(name) + "=" + redact_url(value);
    }
  }
  finding.detail = found.empty() ? "no proxy variables set" : found;
  return finding;
}

std::vector<Finding> check_endpoint(const std::string& text) {
  std::vector<Finding> findings;
  http::Url url;
  try {
    url = http::parse_url(text);
  } catch (const Error& error) {
    findings.push_back({"endpoint", Status::problem, error.what(), "give an http(s) URL"});
    return findings;
  }

  Finding dns{"DNS", Status::ok, "", ""};
  addrinfo* addresses = nullptr;
  const int resolved = getaddrinfo(url.bare_host().c_str(), nullptr, nullptr, &addresses);
  if (resolved != 0) {
    dns.status = Status::problem;
    dns.detail = "cannot resolve " + url.bare_host() + ": " + gai_strerror(resolved);
    dns.fix = "check /etc/resolv.conf and the container's network";
    findings.push_back(dns);
    return findings;
  }
  freeaddrinfo(addresses);
  dns.detail = url.bare_host() + " resolves";
  findings.push_back(dns);

  Finding connect{"connectivity", Status::ok, "", ""};
  Finding clock{"clock", Status::ok, "", ""};
  try {
    http::Client client;
    http::Request request;
    request.method = "HEAD";
    request.url = url.str();
    const http::Response response = client.send(request);
    connect.detail = "HEAD " + redact_url(url.str()) + " answered HTTP " + std::to_string(response.status);
    const auto date = response.header("Date");
    if (!date) {
      clock.status = Status::warning;
      clock.detail = "the response has no Date header, so the skew is unknown";
    } else {
      std::tm parsed{};
      if (!strptime(date->c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parsed)) {
        clock.status = Status::warning;
        clock.detail = "cannot parse the Date header '" + *date + "'";
      } else {
        const double skew = std::difftime(std::time(nullptr), timegm(&parsed));
        clock.detail = "local clock differs from the server's by " + std::to_string(std::lround(skew)) + " s";
        if (std::fabs(skew) > 15 * 60) {
          clock.status = Status::problem;
          clock.fix = "synchronise the clock (NTP); the service rejects requests more than 15 minutes off";
        } else if (std::fabs(skew) > 60) {
          clock.status = Status::warning;
          clock.fix = "synchronise the clock (NTP)";
        }
      }
    }
  } catch (const Error& error) {
    connect.status = Status::problem;
    connect.detail = error.what();
    connect.fix = "check the URL, the proxy variables and the container's network";
    findings.push_back(connect);
    return findings;
  }
  findings.push_back(connect);
  findings.push_back(clock);
  return findings;
}

Finding check_free_space(const std::string& folder) {
  Finding finding{"free space", Status::ok, "", ""};
  struct statvfs info {};
  if (statvfs(folder.c_str(), &info) != 0) {
    finding.status = Status::problem;
    finding.detail = "cannot read '" + folder + "': " + std::strerror(errno);
    finding.fix = "give an existing download folder";
    return finding;
  }
  const double free_bytes = static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
  finding.detail = format_bytes(free_bytes) + " free at " + folder;
  if (free_bytes < 100.0 * 1024 * 1024) {
    finding.status = Status::warning;
    finding.fix = "free space or choose another download folder";
  }
  return finding;
}

}  // namespace box::doctor
