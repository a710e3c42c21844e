// OrderedMd5 on a real file: ranges finished out of order, the lead that
// holds back later ranges, abandonment, and a streamed body that restarts.
#include "transfer/ordered_md5.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

#include "common/error.h"
#include "support/process.h"
#include "transfer/local_files.h"

namespace box::transfer {
namespace {

constexpr std::uint64_t kRange = 64 * 1024;

// A file of `size` bytes that differ from range to range, opened for reading.
class RangeFile {
 public:
  explicit RangeFile(std::size_t size) : path_(dir_.path() + "/data"), content_(size, '\0') {
    for (std::size_t i = 0; i < size; ++i) {
      content_[i] = static_cast<char>((i * 131 + (i >> 10)) % 251);
    }
    std::ofstream(path_, std::ios::binary) << content_;
    file_.reset(open(path_.c_str(), O_RDONLY | O_CLOEXEC));
  }

  int fd() const { return file_.get(); }
  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }
  // Returns the MD5 of the whole file, read sequentially.
  std::string sequential_md5() const { return md5_of_file(fd(), content_.size(), path_, 4096); }

 private:
  testing::TempDir dir_;
  std::string path_;
  std::string content_;
  FileHandle file_;
};

TEST(OrderedMd5, ReversedRangesMatchFile) {
  const RangeFile file(10 * kRange + 123);
  OrderedMd5 md5(file.fd(), file.path());
  const std::uint64_t size = file.content().size();
  const std::uint64_t last = (size - 1) / kRange * kRange;

  for (std::uint64_t offset = last; offset > 0; offset -= kRange) {
    md5.add(offset, std::min(kRange, size - offset));
    EXPECT_EQ(md5.hashed_bytes(), 0U) << "hashed before range 0 arrived, at offset " << offset;
  }
  md5.add(0, kRange);
  EXPECT_EQ(md5.hashed_bytes(), size);
  EXPECT_EQ(md5.base64_digest(), file.sequential_md5());
}

TEST(OrderedMd5, ShuffledRangesFromThreads) {
  const RangeFile file(97 * kRange + 5);
  OrderedMd5 md5(file.fd(), file.path());
  const std::uint64_t size = file.content().size();
  std::vector<std::uint64_t> offsets((size + kRange - 1) / kRange);
  std::iota(offsets.begin(), offsets.end(), 0);
  std::shuffle(offsets.begin(), offsets.end(), std::mt19937(42));

  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < offsets.size(); i = next++) {
        const std::uint64_t offset = offsets[i] * kRange;
        md5.add(offset, std::min(kRange, size - offset));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(md5.hashed_bytes(), size);
  EXPECT_EQ(md5.base64_digest(), file.sequential_md5());
}

TEST(OrderedMd5, LeadHoldsBackLaterRanges) {
  const RangeFile file(4 * kRange);
  OrderedMd5 md5(file.fd(), file.path());
  EXPECT_TRUE(md5.wait_for_turn(kRange, 2 * kRange));  // within the lead: returns at once

  std::atomic<bool> returned{false};
  std::atomic<bool> result{false};
  std::thread waiter([&] {
    result = md5.wait_for_turn(3 * kRange, 2 * kRange);
    returned = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(returned.load());  // 3 ranges ahead of 0 hashed bytes, lead 2 ranges

  md5.add(kRange, kRange);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(returned.load());  // range 1 finished, but range 0 is not hashed yet

  md5.add(0, kRange);  // hashes ranges 0 and 1
  waiter.join();
  EXPECT_TRUE(result.load());
  EXPECT_EQ(md5.hashed_bytes(), 2 * kRange);
}

TEST(OrderedMd5, AbandonWakesWaiters) {
  const RangeFile file(4 * kRange);
  OrderedMd5 md5(file.fd(), file.path());
  std::atomic<bool> result{true};
  std::thread waiter([&] { result = md5.wait_for_turn(3 * kRange, kRange); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  md5.abandon();
  waiter.join();
  EXPECT_FALSE(result.load());
  EXPECT_FALSE(md5.wait_for_turn(0, kRange));  // abandoned for good
}

TEST(OrderedMd5, StreamedRetryStartsOver) {
  const RangeFile file(3 * kRange + 17);
  const std::string& data = file.content();
  OrderedMd5 md5(file.fd(), file.path());

  md5.add_streamed(0, "bytes of a failed attempt", 25);
  md5.add_streamed(25, data.data(), 1000);
  // The retried request sends the body again from offset 0.
  std::uint64_t at = 0;
  for (const std::size_t piece : {std::size_t{1}, std::size_t{40000}, data.size() - 40001}) {
    md5.add_streamed(at, data.data() + at, piece);
    at += piece;
  }
  EXPECT_EQ(md5.hashed_bytes(), data.size());
  EXPECT_EQ(md5.base64_digest(), file.sequential_md5());
}

TEST(OrderedMd5, StreamedGapRejected) {
  const RangeFile file(kRange);
  OrderedMd5 md5(file.fd(), file.path());
  md5.add_streamed(0, file.content().data(), 100);
  EXPECT_THROW(md5.add_streamed(200, file.content().data() + 200, 100), Error);
}

TEST(OrderedMd5, ReadBackFailureThrows) {
  const RangeFile file(2 * kRange);
  OrderedMd5 md5(file.fd(), file.path());
  // The range claims bytes past the end of the file, so reading it back fails.
  EXPECT_THROW(md5.add(0, 3 * kRange), Error);
  EXPECT_EQ(md5.hashed_bytes(), 0U);
}

}  // namespace
}  // namespace box::transfer
