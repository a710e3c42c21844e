// Environment checks behind `boxcopy doctor`: each one looks at one thing that
// can stop boxcopy in a container (seccomp, keyring, CA certificates, proxies,
// clock, network, disk) and returns what it found and, for a problem, the fix.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace box::doctor {

enum class Status { ok, warning, problem };

struct Finding {
  std::string check;   // short name: "seccomp", "keyring", "clock"
  Status status = Status::ok;
  std::string detail;  // what was found
  std::string fix;     // what to do, for warnings and problems
};

// Reads the seccomp mode of this process from /proc/self/status.
Finding check_seccomp();

// Calls keyctl (KEYCTL_GET_KEYRING_ID) on the session keyring and names the
// cause when the kernel keyring cannot be used.
Finding check_keyring();

// Starts a thread, which fails with EPERM under profiles that deny clone3
// without the ENOSYS fallback (Docker 20.10.0 to 20.10.9).
Finding check_threads();

// Finds the CA certificates libcurl will use: SSL_CERT_FILE, SSL_CERT_DIR or the system bundle.
Finding check_ca_certificates();

// Lists the proxy variables that apply to HTTPS and HTTP requests.
Finding check_proxy();

// Resolves the URL's host, sends a HEAD request, and compares the response's
// Date header with the local clock. The service rejects Shared Key and SAS
// requests when the clocks differ by more than 15 minutes.
std::vector<Finding> check_endpoint(const std::string& url);

// Reports the free space of the folder that downloads would go to.
Finding check_free_space(const std::string& folder);

const char* to_string(Status status);

}  // namespace box::doctor
