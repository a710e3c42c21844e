// Settings of one copy job, parsed from AzCopy-compatible flag values and
// environment variables (AZCOPY_CONCURRENCY_VALUE, AZCOPY_BUFFER_GB).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/blob_url.h"
#include "transfer/name_filter.h"

namespace box::transfer {

enum class Direction { upload, download };  // --from-to LocalBlob | BlobLocal

enum class OverwriteMode { always, never, if_source_newer, prompt };  // --overwrite true|false|ifSourceNewer|prompt

// --check-md5: what a download does with the blob's stored Content-MD5.
enum class Md5Check { no_check, log_only, fail_if_different, fail_if_different_or_missing };

struct CopyOptions {
  Direction direction = Direction::upload;
  std::string local_path;        // without a trailing "/*"
  storage::BlobUrl remote;       // blob_path without a trailing "/*"
  bool source_contents_only = false;  // the source ended in "/*"
  bool recursive = false;
  bool as_subdir = true;
  OverwriteMode overwrite = OverwriteMode::always;
  std::optional<std::uint64_t> block_size;     // bytes; unset: 8 MiB, grown for large files
  std::optional<std::uint64_t> put_blob_size;  // bytes; unset: the block size
  bool put_md5 = false;
  Md5Check check_md5 = Md5Check::fail_if_different;
  bool check_length = true;
  bool dry_run = false;
  bool follow_symlinks = false;
  NameFilter filter;
  unsigned concurrency = 32;                    // parallel requests
  std::uint64_t buffer_bytes = 256ULL << 20;    // memory budget for chunk and HTTP buffers
};

// Parse AzCopy's flag values case-insensitively. Each throws box::Error
// (usage) naming the value and the accepted values.
Direction parse_from_to(const std::string& text);
OverwriteMode parse_overwrite_mode(const std::string& text);
Md5Check parse_md5_check(const std::string& text);

// Returns the request concurrency: AZCOPY_CONCURRENCY_VALUE when set (a
// positive integer; "AUTO" means the default), else AzCopy v10's default of
// 32 on machines with up to 4 CPUs and 16 per CPU, at most 300, on larger ones.
// Throws box::Error (usage) for an invalid value.
unsigned concurrency_from_environment();

// Returns the buffer budget in bytes: AZCOPY_BUFFER_GB (GiB, fractions
// allowed) when set, else 0.25 GiB. Throws box::Error (usage) for an invalid value.
std::uint64_t buffer_budget_from_environment();

}  // namespace box::transfer
