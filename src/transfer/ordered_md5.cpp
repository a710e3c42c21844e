#include "transfer/ordered_md5.h"

#include <algorithm>
#include <memory>

#include "common/error.h"
#include "transfer/local_files.h"

namespace box::transfer {
namespace {

// Read size when a range is read back from the file.
constexpr std::size_t kReadBackBytes = 256 * 1024;

}  // namespace

bool OrderedMd5::wait_for_turn(std::uint64_t offset, std::uint64_t lead) {
  std::unique_lock lock(mutex_);
  advanced_.wait(lock, [&] { return abandoned_ || offset < hashed_ + lead; });
  return !abandoned_;
}

void OrderedMd5::add(std::uint64_t offset, std::uint64_t length) {
  std::unique_lock lock(mutex_);
  finished_.emplace(offset, length);
  if (hashing_) {
    return;  // the thread that is hashing takes this range when it gets there
  }
  hashing_ = true;
  try {
    while (!finished_.empty() && finished_.begin()->first == hashed_) {
      const auto [next_offset, next_length] = *finished_.begin();
      finished_.erase(finished_.begin());
      lock.unlock();
      hash_from_file(next_offset, next_length);
      lock.lock();
      hashed_ += next_length;
      advanced_.notify_all();
    }
  } catch (...) {
    if (!lock.owns_lock()) {
      lock.lock();
    }
    hashing_ = false;
    throw;
  }
  hashing_ = false;
}

void OrderedMd5::hash_from_file(std::uint64_t offset, std::uint64_t length) {
  // One buffer for the whole download: a new one per range would be taken from
  // the malloc arena of whichever worker thread hashes, and each arena would keep it.
  if (!read_buffer_) {
    read_buffer_ = std::make_unique_for_overwrite<char[]>(kReadBackBytes);
  }
  for (std::uint64_t done = 0; done < length;) {
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(kReadBackBytes, length - done));
    read_exactly(fd_, read_buffer_.get(), size, offset + done, path_);
    md5_.update(read_buffer_.get(), size);
    done += size;
  }
}

void OrderedMd5::abandon() {
  {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
  }
  advanced_.notify_all();
}

void OrderedMd5::add_streamed(std::uint64_t at, const char* data, std::size_t size) {
  std::lock_guard lock(mutex_);
  if (at == 0 && hashed_ > 0) {
    md5_.reset();
    hashed_ = 0;
  }
  if (at != hashed_) {
    throw Error(ErrorKind::internal, "response data arrived out of order: offset " + std::to_string(at) +
                                         " after " + std::to_string(hashed_) + " bytes");
  }
  md5_.update(data, size);
  hashed_ += size;
}

std::uint64_t OrderedMd5::hashed_bytes() const {
  std::lock_guard lock(mutex_);
  return hashed_;
}

std::string OrderedMd5::base64_digest() {
  std::lock_guard lock(mutex_);
  return md5_.base64_digest();
}

}  // namespace box::transfer
