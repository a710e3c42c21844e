// Block sizing for uploads: when a file goes up in one Put Blob and when as
// Put Block + Put Block List, and how large each block is. Limits are those of
// the Blob service (REST version 2019-12-12 and later).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace box::transfer {

inline constexpr std::uint64_t kMebibyte = 1024ULL * 1024;
inline constexpr std::uint64_t kDefaultBlockSize = 8 * kMebibyte;
inline constexpr std::uint64_t kMaxBlockSize = 4000 * kMebibyte;
inline constexpr std::uint64_t kMaxPutBlobSize = 5000 * kMebibyte;
inline constexpr std::uint64_t kMaxBlocksPerBlob = 50000;

// Converts a --block-size-mb or --put-blob-size-mb value (MiB, decimal
// fractions allowed as in AzCopy: "0.25") to bytes, truncating to whole bytes.
// Throws box::Error (usage) naming the flag when the text is not a positive
// number or the result exceeds `max_bytes`.
std::uint64_t parse_mebibytes(const std::string& flag, const std::string& text, std::uint64_t max_bytes);

// How one file is uploaded.
struct BlockPlan {
  bool single_put = true;        // one Put Blob request carries the whole file
  std::uint64_t block_size = 0;  // bytes per Put Block (the last block may be shorter)
  std::uint64_t block_count = 0; // 0 when single_put
};

// Chooses the upload method for a file of `file_size` bytes.
// - Without `block_size`, blocks start at 8 MiB and double until the file
//   needs at most 50,000 blocks (AzCopy's rule), up to the 4000 MiB maximum.
// - With `block_size`, that size is used as given.
// - The file goes up in one Put Blob when it is no larger than `put_blob_size`,
//   or, when that is not set, no larger than the block size (AzCopy's default).
// Throws box::Error (input) when the file would need more than 50,000 blocks,
// naming the file size, block size and limit.
BlockPlan plan_blocks(std::uint64_t file_size, std::optional<std::uint64_t> block_size,
                      std::optional<std::uint64_t> put_blob_size);

// Formats a size for messages: "8 MiB" for whole MiB, else the exact bytes
// ("262144 bytes (0.250 MiB)", "104 bytes").
std::string format_mebibytes(std::uint64_t bytes);

}  // namespace box::transfer
