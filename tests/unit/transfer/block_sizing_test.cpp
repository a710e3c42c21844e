#include "transfer/block_sizing.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace box::transfer {
namespace {

constexpr std::uint64_t MiB = kMebibyte;

struct PlanCase {
  const char* name;
  std::uint64_t file_size;
  std::optional<std::uint64_t> block_size;
  std::optional<std::uint64_t> put_blob_size;
  bool single_put;
  std::uint64_t expected_block_size;
  std::uint64_t expected_blocks;
};

TEST(BlockSizing, PlanTable) {
  const PlanCase cases[] = {
      {"empty file", 0, {}, {}, true, 8 * MiB, 0},
      {"one byte", 1, {}, {}, true, 8 * MiB, 0},
      {"exactly one default block", 8 * MiB, {}, {}, true, 8 * MiB, 0},
      {"one block plus one byte", 8 * MiB + 1, {}, {}, false, 8 * MiB, 2},
      {"three and a half blocks", 28 * MiB, {}, {}, false, 8 * MiB, 4},
      {"exactly 50,000 default blocks", 50000 * 8 * MiB, {}, {}, false, 8 * MiB, 50000},
      {"one byte over 50,000 blocks doubles", 50000 * 8 * MiB + 1, {}, {}, false, 16 * MiB, 25001},
      {"1 TiB grows to 32 MiB", 1024 * 1024 * MiB, {}, {}, false, 32 * MiB, 32768},
      {"explicit quarter MiB", MiB, MiB / 4, {}, false, MiB / 4, 4},
      {"explicit block, one block exactly", MiB / 4, MiB / 4, {}, true, MiB / 4, 0},
      {"put blob threshold above block size", 20 * MiB, {}, 32 * MiB, true, 8 * MiB, 0},
      {"put blob threshold below block size", 5 * MiB, {}, 4 * MiB, false, 8 * MiB, 1},
      {"put blob threshold exact", 4 * MiB, {}, 4 * MiB, true, 8 * MiB, 0},
  };
  for (const auto& test : cases) {
    SCOPED_TRACE(test.name);
    const BlockPlan plan = plan_blocks(test.file_size, test.block_size, test.put_blob_size);
    EXPECT_EQ(plan.single_put, test.single_put);
    EXPECT_EQ(plan.block_size, test.expected_block_size);
    EXPECT_EQ(plan.block_count, test.expected_blocks);
  }
}

TEST(BlockSizing, ExplicitBlockTooSmallForFile) {
  try {
    plan_blocks(50001 * MiB / 4, MiB / 4, {});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("50001 blocks"), std::string::npos) << message;
    EXPECT_NE(message.find("blocks of 262144 bytes (0.250 MiB)"), std::string::npos) << message;
    EXPECT_NE(message.find("50000"), std::string::npos) << message;
    EXPECT_EQ(error.kind(), ErrorKind::input);
  }
}

TEST(BlockSizing, LargestBlobUsesMaximumBlock) {
  const BlockPlan plan = plan_blocks(50000 * kMaxBlockSize, {}, {});
  EXPECT_EQ(plan.block_size, kMaxBlockSize);
  EXPECT_EQ(plan.block_count, 50000U);
  EXPECT_THROW(plan_blocks(50000 * kMaxBlockSize + 1, {}, {}), Error);
}

TEST(ParseMebibytes, Values) {
  EXPECT_EQ(parse_mebibytes("--block-size-mb", "8", kMaxBlockSize), 8 * MiB);
  EXPECT_EQ(parse_mebibytes("--block-size-mb", "0.25", kMaxBlockSize), MiB / 4);
  EXPECT_EQ(parse_mebibytes("--block-size-mb", "4000", kMaxBlockSize), kMaxBlockSize);
  EXPECT_EQ(parse_mebibytes("--put-blob-size-mb", "5000", kMaxPutBlobSize), kMaxPutBlobSize);
}

TEST(ParseMebibytes, InvalidValuesNameFlagAndLimit) {
  const struct {
    const char* text;
    const char* expected_fragment;
  } cases[] = {
      {"4001", "the maximum is 4000 MiB"}, {"0", "greater than 0"}, {"-1", "greater than 0"},
      {"abc", "expected a number"},        {"8MB", "expected a number"}, {"", "expected a number"},
      {"0.0000001", "at least 1 byte"},    {"inf", "expected a number"},
  };
  for (const auto& test : cases) {
    try {
      parse_mebibytes("--block-size-mb", test.text, kMaxBlockSize);
      ADD_FAILURE() << "no error for '" << test.text << "'";
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_EQ(error.kind(), ErrorKind::usage) << test.text;
      EXPECT_NE(message.find("--block-size-mb"), std::string::npos) << message;
      EXPECT_NE(message.find(test.expected_fragment), std::string::npos) << message;
    }
  }
  try {
    parse_mebibytes("--put-blob-size-mb", "5001", kMaxPutBlobSize);
    ADD_FAILURE() << "no error for 5001";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("the maximum is 5000 MiB"), std::string::npos) << error.what();
  }
}

TEST(FormatMebibytes, WholeMebibytesOrBytes) {
  EXPECT_EQ(format_mebibytes(8 * MiB), "8 MiB");
  EXPECT_EQ(format_mebibytes(MiB / 4), "262144 bytes (0.250 MiB)");
  EXPECT_EQ(format_mebibytes(104), "104 bytes");
  EXPECT_EQ(format_mebibytes(MiB + 1), "1048577 bytes (1.000 MiB)");
}

}  // namespace
}  // namespace box::transfer
