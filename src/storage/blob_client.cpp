#include "storage/blob_client.h"

#include <pugixml.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

#include "auth/anonymous.h"
#include "auth/bearer_credential.h"
#include "auth/sas.h"
#include "auth/shared_key.h"
#include "auth/base64.h"
#include "common/redact.h"
#include "http/url.h"

namespace box::storage {
namespace {

void set_header(http::Request& request, std::string name, std::string value) {
  for (auto& [key, existing] : request.headers) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  request.headers.emplace_back(std::move(name), std::move(value));
}

std::string rfc1123_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return text;
}

Clock::time_point parse_rfc1123(const std::string& text) {
  std::tm parts{};
  if (text.empty() || !strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &parts)) {
    return {};
  }
  return Clock::from_time_t(timegm(&parts));
}

std::string new_request_id() {
  thread_local std::mt19937_64 random(std::random_device{}());
  const std::uint64_t high = random();
  const std::uint64_t low = random();
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFF),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3FFF)),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

std::uint64_t parse_size(const std::optional<std::string>& text) {
  if (!text || text->empty()) {
    return 0;
  }
  try {
    return std::stoull(*text);
  } catch (const std::exception&) {
    throw Error(ErrorKind::service, "the service sent an invalid length '" + *text + "'");
  }
}

std::string describe(std::string_view operation, const BlobUrl& container, std::string_view name) {
  std::string out(operation);
  out += " '" + container.container;
  if (!name.empty()) {
    out += "/";
    out += name;
  }
  return out + "'";
}

// Appends "name=value" to a query, percent-encoding the value.
void add_query(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) {
    query += '&';
  }
  query += name;
  query += '=';
  query += http::percent_encode(value, false);
}

BlobItem parse_blob_item(const pugi::xml_node& blob) {
  BlobItem item;
  const pugi::xml_node name = blob.child("Name");
  item.name = name.child_value();
  // Names with characters XML cannot carry come percent-encoded and flagged.
  if (name.attribute("Encoded").as_bool()) {
    item.name = http::percent_decode(item.name);
  }
  const pugi::xml_node properties = blob.child("Properties");
  item.size = parse_size(std::string(properties.child_value("Content-Length")));
  item.content_md5 = properties.child_value("Content-MD5");
  item.last_modified = parse_rfc1123(properties.child_value("Last-Modified"));
  item.etag = properties.child_value("Etag");
  item.content_type = properties.child_value("Content-Type");
  item.blob_type = properties.child_value("BlobType");
  item.access_tier = properties.child_value("AccessTier");
  item.content_encoding = properties.child_value("Content-Encoding");
  item.lease_state = properties.child_value("LeaseState");
  item.lease_status = properties.child_value("LeaseStatus");
  item.lease_duration = properties.child_value("LeaseDuration");
  item.archive_status = properties.child_value("ArchiveStatus");
  item.version_id = blob.child_value("VersionId");
  return item;
}

ListPage parse_list_page(const std::string& body, std::string_view operation) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(body.data(), body.size());
  const pugi::xml_node results = document.child("EnumerationResults");
  if (!parsed || !results) {
    throw Error(ErrorKind::service, std::string(operation) + " failed: the service sent an invalid listing (" +
                                        (parsed ? "no EnumerationResults element" : parsed.description()) + ")");
  }
  ListPage page;
  for (const pugi::xml_node& child : results.child("Blobs").children()) {
    if (std::string_view(child.name()) == "Blob") {
      page.items.push_back(parse_blob_item(child));
    } else if (std::string_view(child.name()) == "BlobPrefix") {
      BlobItem prefix = parse_blob_item(child);
      prefix.is_prefix = true;
      page.items.push_back(std::move(prefix));
    }
  }
  page.next_marker = results.child_value("NextMarker");
  return page;
}

// Returns the total size from "bytes 0-99/1234", or nullopt when it is missing or "*".
std::optional<std::uint64_t> total_from_content_range(const std::optional<std::string>& content_range) {
  if (!content_range) {
    return std::nullopt;
  }
  const auto slash = content_range->rfind('/');
  if (slash == std::string::npos || content_range->substr(slash + 1) == "*") {
    return std::nullopt;
  }
  return parse_size(content_range->substr(slash + 1));
}

}  // namespace

std::string make_block_id(std::uint32_t index) {
  char text[32];
  std::snprintf(text, sizeof text, "boxcopy-block-%010u", index);
  return auth::base64_encode(text);
}

BlobClient::BlobClient(http::Client& client, std::shared_ptr<auth::Credential> credential,
                       http::RetryPolicy retry_policy)
    : client_(client), credential_(std::move(credential)), retry_policy_(std::move(retry_policy)) {}

http::Response BlobClient::execute(http::Request request) {
  set_header(request, "x-ms-version", std::string(kServiceVersion));
  set_header(request, "x-ms-client-request-id", new_request_id());

  http::RetryPolicy policy = retry_policy_;
  policy.prepare = [this](http::Request& attempt) {
    set_header(attempt, "x-ms-date", rfc1123_now());
    credential_->authorize(attempt);
  };
  http::Response response = client_.send_with_retry(request, policy);
  if (response.status == 401 && credential_->refresh_after_challenge(response)) {
    spdlog::info("{} {}: 401 from the service; sending once more with the refreshed credential", request.method,
                 redact_url(request.url));
    response = client_.send_with_retry(request, policy);
  }
  spdlog::debug("{} {} -> {} (request id {})", request.method, redact_url(request.url), response.status,
                response.header("x-ms-request-id").value_or("none"));
  return response;
}

void BlobClient::raise(const http::Response& response, std::string_view operation, const BlobUrl& target) const {
  AuthMethod method = AuthMethod::unknown;
  std::string_view sas_query = target.sas_query;
  const auth::Credential* credential = credential_.get();
  if (dynamic_cast<const auth::AnonymousCredential*>(credential)) {
    method = AuthMethod::anonymous;
  } else if (const auto* sas = dynamic_cast<const auth::SasCredential*>(credential)) {
    // The SAS may come from the connection string rather than the URL.
    method = AuthMethod::sas;
    sas_query = sas->query();
  } else if (dynamic_cast<const auth::SharedKeyCredential*>(credential)) {
    method = AuthMethod::shared_key;
  } else if (dynamic_cast<const auth::BearerCredential*>(credential)) {
    method = AuthMethod::bearer;
  }
  throw ServiceError::from_response(response, operation, sas_query, method);
}

bool BlobClient::create_container(const BlobUrl& container) {
  http::Request request;
  request.method = "PUT";
  request.url = container.container_url() + "?restype=container";
  const http::Response response = execute(request);
  if (response.status == 409 && response.header("x-ms-error-code") == "ContainerAlreadyExists") {
    return false;
  }
  if (!response.ok()) {
    raise(response, describe("Create Container", container, {}), container);
  }
  return true;
}

bool BlobClient::delete_container(const BlobUrl& container) {
  http::Request request;
  request.method = "DELETE";
  request.url = container.container_url() + "?restype=container";
  const http::Response response = execute(request);
  if (response.status == 404 && response.header("x-ms-error-code") == "ContainerNotFound") {
    return false;
  }
  if (!response.ok()) {
    raise(response, describe("Delete Container", container, {}), container);
  }
  return true;
}

ListPage BlobClient::list_blobs(const BlobUrl& container, std::string_view prefix, std::string_view delimiter,
                                std::string_view marker, int max_results) {
  std::string query = "restype=container&comp=list";
  if (!prefix.empty()) {
    add_query(query, "prefix", prefix);
  }
  if (!delimiter.empty()) {
    add_query(query, "delimiter", delimiter);
  }
  if (!marker.empty()) {
    add_query(query, "marker", marker);
  }
  if (max_results > 0) {
    add_query(query, "maxresults", std::to_string(max_results));
  }
  http::Request request;
  request.url = container.container_url() + "?" + query;
  const std::string operation = describe("List Blobs", container, prefix);
  const http::Response response = execute(request);
  if (!response.ok()) {
    raise(response, operation, container);
  }
  return parse_list_page(response.body, operation);
}

ContainerPage BlobClient::list_containers(const BlobUrl& account, std::string_view marker) {
  std::string query = "comp=list";
  if (!marker.empty()) {
    add_query(query, "marker", marker);
  }
  http::Request request;
  request.url = account.service_base + "/?" + query;
  const std::string operation = "List Containers in '" + account.account + "'";
  const http::Response response = execute(request);
  if (!response.ok()) {
    raise(response, operation, account);
  }

  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(response.body.data(), response.body.size());
  const pugi::xml_node results = document.child("EnumerationResults");
  if (!parsed || !results) {
    throw Error(ErrorKind::service, operation + " failed: the service sent an invalid listing");
  }
  ContainerPage page;
  for (const pugi::xml_node& container : results.child("Containers").children("Container")) {
    page.names.emplace_back(container.child_value("Name"));
  }
  page.next_marker = results.child_value("NextMarker");
  return page;
}

std::optional<BlobProperties> BlobClient::get_properties(const BlobUrl& container, std::string_view name) {
  http::Request request;
  request.method = "HEAD";
  request.url = container.blob_url(name);
  const http::Response response = execute(request);
  if (response.status == 404) {
    return std::nullopt;
  }
  if (!response.ok()) {
    raise(response, describe("Get Blob Properties", container, name), container);
  }
  BlobProperties properties;
  properties.size = parse_size(response.header("Content-Length"));
  properties.content_md5 = response.header("Content-MD5").value_or("");
  properties.etag = response.header("ETag").value_or("");
  properties.last_modified = parse_rfc1123(response.header("Last-Modified").value_or(""));
  properties.content_type = response.header("Content-Type").value_or("");
  properties.blob_type = response.header("x-ms-blob-type").value_or("");
  return properties;
}

void BlobClient::put_blob(const BlobUrl& container, std::string_view name, const BodyReader& reader,
                          std::uint64_t length, const PutOptions& options) {
  http::Request request;
  request.method = "PUT";
  request.url = container.blob_url(name);
  request.headers.emplace_back("x-ms-blob-type", "BlockBlob");
  if (options.content_md5) {
    request.headers.emplace_back("Content-MD5", *options.content_md5);
    request.headers.emplace_back("x-ms-blob-content-md5", *options.content_md5);
  }
  if (!options.content_type.empty()) {
    request.headers.emplace_back("x-ms-blob-content-type", options.content_type);
  }
  request.body_reader = reader;
  request.body_length = length;
  const http::Response response = execute(std::move(request));
  if (!response.ok()) {
    raise(response, describe("Put Blob", container, name), container);
  }
}

void BlobClient::put_block(const BlobUrl& container, std::string_view name, std::string_view block_id,
                           const BodyReader& reader, std::uint64_t length,
                           const std::optional<std::string>& block_md5) {
  http::Request request;
  request.method = "PUT";
  std::string query = "comp=block";
  add_query(query, "blockid", block_id);
  request.url = container.blob_url(name) + "?" + query;
  if (block_md5) {
    request.headers.emplace_back("Content-MD5", *block_md5);
  }
  request.body_reader = reader;
  request.body_length = length;
  const http::Response response = execute(std::move(request));
  if (!response.ok()) {
    raise(response, describe("Put Block", container, name), container);
  }
}

void BlobClient::put_block_list(const BlobUrl& container, std::string_view name,
                                const std::vector<std::string>& block_ids, const PutOptions& options) {
  http::Request request;
  request.method = "PUT";
  request.url = container.blob_url(name) + "?comp=blocklist";
  request.headers.emplace_back("Content-Type", "application/xml");
  if (options.content_md5) {
    request.headers.emplace_back("x-ms-blob-content-md5", *options.content_md5);
  }
  if (!options.content_type.empty()) {
    request.headers.emplace_back("x-ms-blob-content-type", options.content_type);
  }
  // Block ids are base64, so they need no XML escaping.
  request.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
  for (const std::string& id : block_ids) {
    request.body += "<Latest>" + id + "</Latest>";
  }
  request.body += "</BlockList>";
  const http::Response response = execute(std::move(request));
  if (!response.ok()) {
    raise(response, describe("Put Block List", container, name), container);
  }
}

RangeResult BlobClient::get_range(const BlobUrl& container, std::string_view name, std::uint64_t offset,
                                  std::uint64_t length, const BodySink& sink) {
  http::Request request;
  request.url = container.blob_url(name);
  if (length > 0) {
    request.headers.emplace_back("x-ms-range",
                                 "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  } else if (offset > 0) {
    request.headers.emplace_back("x-ms-range", "bytes=" + std::to_string(offset) + "-");
  }
  // A retry restarts at offset 0, so the byte count is the furthest point reached.
  std::uint64_t received = 0;
  request.body_sink = [&](std::uint64_t at, const char* data, std::size_t size) {
    sink(at, data, size);
    received = std::max<std::uint64_t>(received, at + size);
  };
  const http::Response response = execute(std::move(request));
  const std::string operation = describe("Get Blob", container, name);
  if (!response.ok()) {
    raise(response, operation, container);
  }

  RangeResult result;
  result.bytes = received;
  result.etag = response.header("ETag").value_or("");
  const auto total = total_from_content_range(response.header("Content-Range"));
  result.blob_size = total.value_or(parse_size(response.header("Content-Length")));
  // A ranged GET carries the blob's MD5 in x-ms-blob-content-md5; a full GET in Content-MD5.
  result.blob_content_md5 =
      response.header("x-ms-blob-content-md5").value_or(total ? "" : response.header("Content-MD5").value_or(""));

  const std::uint64_t available = result.blob_size > offset ? result.blob_size - offset : 0;
  const std::uint64_t expected = length > 0 ? std::min(length, available) : available;
  if (received != expected) {
    throw Error(ErrorKind::network,
                operation + " failed: received " + std::to_string(received) + " of " + std::to_string(expected) +
                    " bytes",
                true);
  }
  return result;
}

bool BlobClient::delete_blob(const BlobUrl& container, std::string_view name) {
  http::Request request;
  request.method = "DELETE";
  request.url = container.blob_url(name);
  request.headers.emplace_back("x-ms-delete-snapshots", "include");
  const http::Response response = execute(std::move(request));
  if (response.status == 404 && response.header("x-ms-error-code") == "BlobNotFound") {
    return false;
  }
  if (!response.ok()) {
    raise(response, describe("Delete Blob", container, name), container);
  }
  return true;
}

}  // namespace box::storage
