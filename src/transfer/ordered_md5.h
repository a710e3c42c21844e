// MD5 of a download computed while its ranges arrive, in file order. Each
// finished range is read back from the file while its pages are still in the
// page cache. A range starts only within a lead of the hashed bytes, so the
// transfer cannot run far ahead of the hash.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "transfer/md5.h"

namespace box::transfer {

// Range tasks may call wait_for_turn() and add() from any thread, in any order.
class OrderedMd5 {
 public:
  // `fd` and `path` name the file the ranges are written to; both must outlive this object.
  OrderedMd5(int fd, const std::string& path) : fd_(fd), path_(path) {}

  // Waits until the range at `offset` starts less than `lead` bytes past the
  // hashed bytes. Returns false, at once or when woken, after abandon().
  bool wait_for_turn(std::uint64_t offset, std::uint64_t lead);

  // Records the finished range [offset, offset + length), already written to
  // the file. When every byte before `offset` is hashed, reads back and hashes
  // this range and the finished ranges after it, in the calling thread.
  // Throws box::Error (local_io) when reading fails.
  void add(std::uint64_t offset, std::uint64_t length);

  // Wakes every waiter for good; called when a range fails, so the hash cannot advance.
  void abandon();

  // Hashes the body of one GET of the whole blob as it arrives. Data at offset
  // 0 after other data starts the hash over, because a retried request sends
  // the body again from its start.
  void add_streamed(std::uint64_t at, const char* data, std::size_t size);

  // Returns how many bytes from offset 0 are hashed.
  std::uint64_t hashed_bytes() const;
  // Returns the base64 digest. Call once, after the last add().
  std::string base64_digest();

 private:
  void hash_from_file(std::uint64_t offset, std::uint64_t length);

  const int fd_;
  const std::string& path_;
  // Used only by the thread that set hashing_, or under mutex_.
  Md5 md5_;
  std::unique_ptr<char[]> read_buffer_;
  mutable std::mutex mutex_;  // guards the fields below
  std::uint64_t hashed_ = 0;
  bool hashing_ = false;
  bool abandoned_ = false;
  std::map<std::uint64_t, std::uint64_t> finished_;  // offset to length of ranges not yet hashed
  std::condition_variable advanced_;
};

}  // namespace box::transfer
