#include "transfer/block_sizing.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "common/error.h"

namespace box::transfer {

std::uint64_t parse_mebibytes(const std::string& flag, const std::string& text, std::uint64_t max_bytes) {
  const auto invalid = [&](const std::string& why) {
    return Error(ErrorKind::usage, "invalid value '" + text + "' for " + flag + ": " + why);
  };
  double value = 0;
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw invalid("expected a number of MiB such as 8 or 0.25");
  }
  if (used != text.size() || !std::isfinite(value)) {
    throw invalid("expected a number of MiB such as 8 or 0.25");
  }
  if (value <= 0) {
    throw invalid("the size must be greater than 0");
  }
  const double bytes = std::floor(value * static_cast<double>(kMebibyte));
  if (bytes > static_cast<double>(max_bytes)) {
    throw invalid("the maximum is " + format_mebibytes(max_bytes));
  }
  if (bytes < 1) {
    throw invalid("the size must be at least 1 byte");
  }
  return static_cast<std::uint64_t>(bytes);
}

BlockPlan plan_blocks(std::uint64_t file_size, std::optional<std::uint64_t> block_size,
                      std::optional<std::uint64_t> put_blob_size) {
  const auto blocks_needed = [file_size](std::uint64_t size) { return (file_size + size - 1) / size; };

  BlockPlan plan;
  if (block_size) {
    plan.block_size = *block_size;
  } else {
    plan.block_size = kDefaultBlockSize;
    while (blocks_needed(plan.block_size) > kMaxBlocksPerBlob && plan.block_size * 2 <= kMaxBlockSize) {
      plan.block_size *= 2;
    }
    if (blocks_needed(plan.block_size) > kMaxBlocksPerBlob) {
      plan.block_size = kMaxBlockSize;
    }
  }

  const std::uint64_t single_put_limit = put_blob_size.value_or(std::min(plan.block_size, kMaxPutBlobSize));
  if (file_size <= single_put_limit) {
    plan.single_put = true;
    plan.block_count = 0;
    return plan;
  }

  plan.single_put = false;
  plan.block_count = blocks_needed(plan.block_size);
  if (plan.block_count > kMaxBlocksPerBlob) {
    throw Error(ErrorKind::input, "a file of " + std::to_string(file_size) + " bytes needs " +
                                      std::to_string(plan.block_count) + " blocks of " +
                                      format_mebibytes(plan.block_size) + ", more than the maximum of " +
                                      std::to_string(kMaxBlocksPerBlob) +
                                      " blocks per blob; use a larger --block-size-mb");
  }
  return plan;
}

std::string format_mebibytes(std::uint64_t bytes) {
  char text[64];
  if (bytes % kMebibyte == 0) {
    std::snprintf(text, sizeof text, "%llu MiB", static_cast<unsigned long long>(bytes / kMebibyte));
  } else if (bytes >= kMebibyte / 1000) {
    const double mebibytes = static_cast<double>(bytes) / static_cast<double>(kMebibyte);
    std::snprintf(text, sizeof text, "%llu bytes (%.3f MiB)", static_cast<unsigned long long>(bytes), mebibytes);
  } else {
    // Below 0.001 MiB a decimal MiB figure would read as 0.000, so only bytes are shown.
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  }
  return text;
}

}  // namespace box::transfer
