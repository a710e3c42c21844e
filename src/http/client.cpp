#include "http/client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "common/cancel.h"
#include "common/error.h"
#include "common/redact.h"
#include "http/transfer_error.h"

namespace box::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

const char* getenv_nonempty(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// State of one request while libcurl runs it.
struct Exchange {
  const Request* request = nullptr;
  Response* response = nullptr;
  std::uint64_t body_read_offset = 0;
  std::uint64_t body_write_offset = 0;
  CURL* handle = nullptr;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after 100 Continue or a redirect) starts a new header set.
    exchange->response->headers.clear();
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    exchange->response->headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return size * count;
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const std::size_t bytes = size * count;
  long status = 0;
  curl_easy_getinfo(exchange->handle, CURLINFO_RESPONSE_CODE, &status);
  if (exchange->request->body_sink && status >= 200 && status < 300) {
    try {
      exchange->request->body_sink(exchange->body_write_offset, data, bytes);
    } catch (...) {
      return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    exchange->body_write_offset += bytes;
  } else {
    exchange->response->body.append(data, bytes);
  }
  return bytes;
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const auto& request = *exchange->request;
  const std::uint64_t remaining = request.body_length - exchange->body_read_offset;
  const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(size * count, remaining));
  if (wanted == 0) {
    return 0;
  }
  std::size_t produced = 0;
  try {
    produced = request.body_reader(buffer, wanted, exchange->body_read_offset);
  } catch (...) {
    return CURL_READFUNC_ABORT;
  }
  exchange->body_read_offset += produced;
  return produced;
}

// Aborts a running transfer once cancellation is requested. libcurl calls
// this about once a second even while no data moves, so a stalled request stops too.
int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return cancel_requested() ? 1 : 0; }

// Waits for `duration`, returning early when cancellation is requested.
void sleep_unless_cancelled(std::chrono::milliseconds duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  for (auto now = std::chrono::steady_clock::now(); now < deadline && !cancel_requested();
       now = std::chrono::steady_clock::now()) {
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(50),
                                                                              deadline - now));
  }
}

bool is_retryable_curl_code(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_HOST:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

bool is_retryable_status(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

struct Client::Impl {
  ClientOptions options;
  std::atomic<std::uint64_t> retried_attempts{0};
  std::mutex mutex;
  std::vector<CURL*> idle;  // handles keep their connections between requests
  CURLSH* share = nullptr;
  std::mutex share_mutexes[CURL_LOCK_DATA_LAST];

  CURL* acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    CURL* handle = curl_easy_init();
    if (!handle) {
      throw Error(ErrorKind::internal, "curl_easy_init failed");
    }
    return handle;
  }

  void release(CURL* handle) {
    std::lock_guard lock(mutex);
    idle.push_back(handle);
  }

  void configure(CURL* handle, const Request& request, Exchange& exchange, curl_slist*& header_list) const;
  // Runs one attempt. Returns CURLE_OK with the response filled in, or the
  // libcurl error with its description in `detail`.
  CURLcode perform(const Request& request, Response& response, std::string& detail);
  void log_retry(const Request& request, int attempt, int max_attempts, const std::string& failure,
                 std::chrono::milliseconds wait);
};

namespace {

void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* user) {
  static_cast<std::mutex*>(user)[data].lock();
}

void unlock_share(CURL*, curl_lock_data data, void* user) {
  static_cast<std::mutex*>(user)[data].unlock();
}

}  // namespace

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>()) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->options = std::move(options);
  // DNS and TLS session caches are shared; each handle keeps its own connections.
  impl_->share = curl_share_init();
  curl_share_setopt(impl_->share, CURLSHOPT_LOCKFUNC, lock_share);
  curl_share_setopt(impl_->share, CURLSHOPT_UNLOCKFUNC, unlock_share);
  curl_share_setopt(impl_->share, CURLSHOPT_USERDATA, impl_->share_mutexes);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

Client::~Client() {
  for (CURL* handle : impl_->idle) {
    curl_easy_cleanup(handle);
  }
  curl_share_cleanup(impl_->share);
}

void Client::Impl::configure(CURL* handle, const Request& request, Exchange& exchange,
                             curl_slist*& header_list) const {
  curl_easy_reset(handle);  // keeps the handle's live connections
  curl_easy_setopt(handle, CURLOPT_SHARE, share);
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  // Blob names may contain "." and ".." segments; libcurl would otherwise
  // collapse them and address a different blob.
  curl_easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout.count()));
  // A 64 KiB receive buffer per handle: a 1 GiB download peaked at 17 MiB RSS
  // with it against 24 MiB with 512 KiB, at the same wall time and CPU.
  curl_easy_setopt(handle, CURLOPT_BUFFERSIZE, 64L * 1024);
  curl_easy_setopt(handle, CURLOPT_UPLOAD_BUFFERSIZE, 1024L * 1024);
  curl_easy_setopt(handle, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);

  // libcurl reads SSL_CERT_FILE and SSL_CERT_DIR only in the curl tool, so pass them on.
  if (const char* file = getenv_nonempty("SSL_CERT_FILE")) {
    curl_easy_setopt(handle, CURLOPT_CAINFO, file);
  }
  if (const char* dir = getenv_nonempty("SSL_CERT_DIR")) {
    curl_easy_setopt(handle, CURLOPT_CAPATH, dir);
  }
  // libcurl ignores upper-case HTTP_PROXY (a CGI hazard); honour it as AzCopy does
  // unless the lower-case form is set.
  if (request.url.rfind("http://", 0) == 0 && !getenv_nonempty("http_proxy")) {
    if (const char* proxy = getenv_nonempty("HTTP_PROXY")) {
      curl_easy_setopt(handle, CURLOPT_PROXY, proxy);
    }
  }

  if (request.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
  } else {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  if (request.method == "PUT" || request.method == "POST") {
    if (request.body_reader) {
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
      const auto length = static_cast<curl_off_t>(request.body_length);
      curl_easy_setopt(handle, request.method == "PUT" ? CURLOPT_INFILESIZE_LARGE : CURLOPT_POSTFIELDSIZE_LARGE,
                       length);
    } else if (request.method == "PUT") {
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
      curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
      curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }

  for (const auto& [name, value] : request.headers) {
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  }
  // Skips the extra round trip of Expect: 100-continue.
  header_list = curl_slist_append(header_list, "Expect:");
  if (request.method == "PUT" && !find_header(request.headers, "Content-Type")) {
    header_list = curl_slist_append(header_list, "Content-Type:");
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list);
}

CURLcode Client::Impl::perform(const Request& request, Response& response, std::string& detail) {
  if (cancel_requested()) {
    detail = "not sent: the job was cancelled";
    return CURLE_ABORTED_BY_CALLBACK;
  }
  // A PUT whose body is the in-memory string is read through the same callback.
  Request adjusted;
  const Request* effective = &request;
  if (request.method == "PUT" && !request.body_reader) {
    adjusted = request;
    adjusted.body_length = request.body.size();
    adjusted.body_reader = [&body = request.body](char* buffer, std::size_t size, std::uint64_t offset) {
      const std::size_t n = std::min<std::size_t>(size, body.size() - offset);
      std::copy_n(body.data() + offset, n, buffer);
      return n;
    };
    effective = &adjusted;
  }

  CURL* handle = acquire();
  Exchange exchange{effective, &response, 0, 0, handle};
  curl_slist* header_list = nullptr;
  configure(handle, *effective, exchange, header_list);
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  const CURLcode code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(header_list);
  release(handle);
  if (code != CURLE_OK) {
    detail = redact_text(error_buffer[0] ? error_buffer : curl_easy_strerror(code));
  }
  return code;
}

// Logs a failed attempt that will be repeated. The first few reach stderr as
// warnings; the rest go only to the log file, so an unreachable host does not
// bury the output.
void Client::Impl::log_retry(const Request& request, int attempt, int max_attempts, const std::string& failure,
                             std::chrono::milliseconds wait) {
  const std::uint64_t count = ++retried_attempts;
  const auto level = count <= kRetryWarningsOnStderr ? spdlog::level::warn : spdlog::level::info;
  spdlog::log(level, "{} {}: attempt {} of {} failed: {}; retrying in {} ms", request.method, redact_url(request.url),
              attempt, max_attempts, failure, wait.count());
  if (count == kRetryWarningsOnStderr) {
    spdlog::warn("further retries are written only to the log file");
  }
}

namespace {

// Returns what to do about a failure that the user can fix, or empty.
std::string transfer_hint(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
      return "; set SSL_CERT_FILE or SSL_CERT_DIR to the CA bundle that signed the server's certificate";
    case CURLE_SSL_CACERT_BADFILE:
      return "; check that SSL_CERT_FILE or SSL_CERT_DIR names a readable CA bundle";
    default:
      return {};
  }
}

TransferError transfer_error(const Request& request, CURLcode code, const std::string& detail) {
  if (code == CURLE_ABORTED_BY_CALLBACK && cancel_requested()) {
    return TransferError(ErrorKind::cancelled, request.method + " " + redact_url(request.url) + " stopped: " +
                                                   signal_name(cancel_signal()) + " cancelled the job",
                         false, detail);
  }
  const ErrorKind kind = code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_READ_ERROR
                             ? ErrorKind::local_io
                             : ErrorKind::network;
  const std::string explained = detail + transfer_hint(code);
  return TransferError(kind, request.method + " " + redact_url(request.url) + " failed: " + explained,
                       is_retryable_curl_code(code), explained);
}

}  // namespace

Response Client::send(const Request& request) {
  Response response;
  std::string detail;
  const CURLcode code = impl_->perform(request, response, detail);
  if (code != CURLE_OK) {
    throw transfer_error(request, code, detail);
  }
  return response;
}

std::uint64_t Client::retried_attempts() const { return impl_->retried_attempts; }

Response Client::send_with_retry(const Request& request, const RetryPolicy& policy) {
  // Seeded once per thread: std::random_device costs more than a small request.
  thread_local std::mt19937 random(std::random_device{}());
  std::chrono::milliseconds delay = policy.initial_delay;
  for (int attempt = 1;; ++attempt) {
    const bool last = attempt >= policy.max_attempts;
    std::string failure;
    std::optional<std::chrono::milliseconds> server_delay;
    try {
      Request prepared;
      if (policy.prepare) {
        prepared = request;
        policy.prepare(prepared);  // may fetch a token, which can fail and be retried
      }
      const Request& effective = policy.prepare ? prepared : request;
      Response response;
      const CURLcode code = impl_->perform(effective, response, failure);
      if (code != CURLE_OK) {
        throw transfer_error(request, code, failure);
      }
      if (!is_retryable_status(response.status) || last) {
        return response;
      }
      failure = "HTTP " + std::to_string(response.status);
      if (auto retry_after = response.header("Retry-After")) {
        try {
          server_delay = std::chrono::seconds(std::stol(*retry_after));
        } catch (const std::exception&) {
          // An HTTP-date Retry-After falls back to the backoff delay.
        }
      }
    } catch (const Error& error) {
      if (!error.retryable() || last) {
        throw;
      }
      // For a transfer error `failure` already contains libcurl's text, and
      // the message would repeat the method and URL that the log line names.
      if (failure.empty()) {
        failure = error.what();
      }
    }

    std::uniform_int_distribution<long> jitter(0, delay.count() / 2);
    const auto wait = std::min(server_delay.value_or(delay + std::chrono::milliseconds(jitter(random))),
                               policy.max_delay);
    impl_->log_retry(request, attempt, policy.max_attempts, failure, wait);
    sleep_unless_cancelled(wait);
    delay = std::min(delay * 2, policy.max_delay);
  }
}

}  // namespace box::http
