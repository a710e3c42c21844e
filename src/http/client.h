// HTTP client on libcurl: a pool of easy handles so connections are reused
// across requests and threads, streamed request and response bodies, proxy and
// CA settings from the environment, and retries with backoff and Retry-After.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace box::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Returns the value of the first header with this name (case-insensitive).
std::optional<std::string> find_header(const Headers& headers, std::string_view name);

struct Request {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  Headers headers;

  // Request body: either `body`, or `body_reader` producing `body_length` bytes.
  // The reader fills `buffer` with up to `size` bytes starting at `offset` in the
  // body and returns how many it wrote; it is called again from offset 0 on a retry.
  std::string body;
  std::function<std::size_t(char* buffer, std::size_t size, std::uint64_t offset)> body_reader;
  std::uint64_t body_length = 0;

  // When set, a 2xx response body goes here instead of Response::body, with
  // its offset in the body; a retry starts again from offset 0. Error bodies
  // always go to Response::body.
  std::function<void(std::uint64_t offset, const char* data, std::size_t size)> body_sink;
};

struct Response {
  long status = 0;
  Headers headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
  bool ok() const { return status >= 200 && status < 300; }
};

struct ClientOptions {
  std::string user_agent = "boxcopy/0.1.0";
  std::chrono::seconds connect_timeout{30};
  // A transfer slower than 1 byte/s for this long is abandoned and retried.
  std::chrono::seconds stall_timeout{60};
};

// Failed attempts that send_with_retry reports on stderr; later ones go only to the log file.
inline constexpr std::uint64_t kRetryWarningsOnStderr = 3;

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds initial_delay{500};
  std::chrono::milliseconds max_delay{30000};
  // When set, called on a fresh copy of the request before every attempt, so
  // a date header and a Shared Key signature or a token are renewed on retries.
  std::function<void(Request& request)> prepare;
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one attempt. Throws box::Error (network, retryable) when no full
  // response arrived; any HTTP status, including errors, is returned.
  Response send(const Request& request);

  // Sends with retries on network errors and on 408, 429, 500, 502, 503 and 504,
  // waiting for Retry-After when the server sends it. Returns the last response.
  // Each failed attempt before a retry is logged: the first
  // kRetryWarningsOnStderr of the client as warnings, later ones at info level.
  Response send_with_retry(const Request& request, const RetryPolicy& policy = {});

  // Returns how many failed attempts send_with_retry has repeated so far.
  std::uint64_t retried_attempts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for statuses worth repeating unchanged.
bool is_retryable_status(long status);

}  // namespace box::http
