// Blob Storage REST calls used by the commands: containers, listing, block
// blob uploads, ranged downloads and deletes. Bodies stream through callbacks,
// so blocks go from and to files without large buffers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/credential.h"
#include "http/client.h"
#include "storage/blob_url.h"
#include "storage/service_error.h"

namespace box::storage {

// The x-ms-version every request sends. Azurite 3.35.0 accepts versions up to 2025-11-05.
inline constexpr std::string_view kServiceVersion = "2025-05-05";

using Clock = std::chrono::system_clock;

// Fills `buffer` with up to `size` bytes from `offset` in the body; see http::Request.
using BodyReader = std::function<std::size_t(char* buffer, std::size_t size, std::uint64_t offset)>;
// Receives response bytes at `offset` in the requested range; restarts at 0 on a retry.
using BodySink = std::function<void(std::uint64_t offset, const char* data, std::size_t size)>;

struct BlobItem {
  std::string name;         // decoded blob name, or the prefix ending in the delimiter
  std::uint64_t size = 0;
  std::string content_md5;  // base64, empty when the blob has none
  Clock::time_point last_modified{};
  std::string etag;
  std::string content_type;
  std::string blob_type;    // BlockBlob, PageBlob, AppendBlob
  std::string access_tier;  // Hot, Cool, ... (empty when the service does not report it)
  std::string content_encoding;
  std::string lease_state;     // available, leased, ...
  std::string lease_status;    // locked, unlocked
  std::string lease_duration;  // infinite, fixed; empty when not leased
  std::string archive_status;  // set while a blob is rehydrating from the archive tier
  std::string version_id;      // empty unless the account keeps versions
  bool is_prefix = false;   // a virtual folder from a delimiter listing
};

struct ListPage {
  std::vector<BlobItem> items;
  std::string next_marker;  // empty on the last page
};

struct ContainerPage {
  std::vector<std::string> names;
  std::string next_marker;  // empty on the last page
};

struct BlobProperties {
  std::uint64_t size = 0;
  std::string content_md5;  // base64, empty when the blob has none
  std::string etag;
  Clock::time_point last_modified{};
  std::string content_type;
  std::string blob_type;
};

struct PutOptions {
  // Base64 MD5 of the whole blob, stored as its Content-MD5 property
  // (x-ms-blob-content-md5). Put Blob also sends it as Content-MD5 so the service checks the body.
  std::optional<std::string> content_md5;
  std::string content_type;  // empty: the service default, application/octet-stream
};

struct RangeResult {
  std::uint64_t blob_size = 0;      // total size, from Content-Range (or Content-Length for a full GET)
  std::uint64_t bytes = 0;          // bytes delivered to the sink
  std::string blob_content_md5;     // the blob's stored MD5 (x-ms-blob-content-md5 / Content-MD5), base64
  std::string etag;
};

class BlobClient {
 public:
  BlobClient(http::Client& client, std::shared_ptr<auth::Credential> credential,
             http::RetryPolicy retry_policy = {});

  // Creates the container the URL names. Returns false when it already exists.
  bool create_container(const BlobUrl& container);
  // Deletes the container. Returns false when it does not exist.
  bool delete_container(const BlobUrl& container);

  // Lists one page of blobs under `prefix`. A non-empty delimiter ("/") also
  // returns virtual folders as items with is_prefix set. max_results 0 leaves
  // the page size to the service (5,000).
  ListPage list_blobs(const BlobUrl& container, std::string_view prefix, std::string_view delimiter = {},
                      std::string_view marker = {}, int max_results = 0);

  // Lists one page of the account's containers; `account` needs only service_base.
  ContainerPage list_containers(const BlobUrl& account, std::string_view marker = {});

  // Returns the blob's properties, or nullopt when the blob does not exist.
  std::optional<BlobProperties> get_properties(const BlobUrl& container, std::string_view name);

  // Uploads a whole block blob in one request, replacing any existing blob.
  void put_blob(const BlobUrl& container, std::string_view name, const BodyReader& reader, std::uint64_t length,
                const PutOptions& options = {});

  // Stages one block. Block ids are base64 and must all have the same length
  // within a blob; block_md5 (base64) lets the service check the body.
  void put_block(const BlobUrl& container, std::string_view name, std::string_view block_id,
                 const BodyReader& reader, std::uint64_t length, const std::optional<std::string>& block_md5 = {});

  // Commits the staged blocks, in order, as the blob's content.
  void put_block_list(const BlobUrl& container, std::string_view name, const std::vector<std::string>& block_ids,
                      const PutOptions& options = {});

  // Downloads `length` bytes from `offset` into the sink. length 0 downloads
  // from offset to the end of the blob.
  RangeResult get_range(const BlobUrl& container, std::string_view name, std::uint64_t offset,
                        std::uint64_t length, const BodySink& sink);

  // Deletes the blob (and its snapshots). Returns false when it does not exist.
  bool delete_blob(const BlobUrl& container, std::string_view name);

  auth::Credential& credential() { return *credential_; }

 private:
  // Sends with retries, a fresh date and authorization per attempt, and one
  // more attempt after a 401 when the credential could refresh itself.
  http::Response execute(http::Request request);
  [[noreturn]] void raise(const http::Response& response, std::string_view operation, const BlobUrl& target) const;

  http::Client& client_;
  std::shared_ptr<auth::Credential> credential_;
  http::RetryPolicy retry_policy_;
};

// Returns a block id for block number `index`: base64 of a fixed-width text,
// so every id of a blob has the same length, as the service requires.
std::string make_block_id(std::uint32_t index);

}  // namespace box::storage
