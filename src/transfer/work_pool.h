// Bounded concurrency for a copy job: a fixed set of worker threads, each
// sending at most one request at a time, and a byte budget that caps the
// memory held by chunk and HTTP buffers across all of them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace box::transfer {

// A counting semaphore over bytes. acquire() blocks until the bytes fit in the
// budget; a request larger than the whole budget waits until nothing else is
// held and then proceeds alone, so it cannot deadlock.
class ByteBudget {
 public:
  explicit ByteBudget(std::uint64_t capacity);

  void acquire(std::uint64_t bytes);
  void release(std::uint64_t bytes);
  std::uint64_t capacity() const { return capacity_; }
  std::uint64_t peak_in_use() const;

 private:
  std::uint64_t capacity_;
  std::uint64_t in_use_ = 0;
  std::uint64_t peak_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable released_;
};

// Holds bytes of a ByteBudget for the lifetime of a scope.
class BudgetLease {
 public:
  BudgetLease(ByteBudget& budget, std::uint64_t bytes) : budget_(budget), bytes_(bytes) { budget_.acquire(bytes_); }
  ~BudgetLease() { budget_.release(bytes_); }
  BudgetLease(const BudgetLease&) = delete;
  BudgetLease& operator=(const BudgetLease&) = delete;

 private:
  ByteBudget& budget_;
  std::uint64_t bytes_;
};

// Worker threads fed from two queues. Chunk tasks (blocks and ranges of files
// already started) run before new files, so open files finish first and the
// number of files in progress stays near the worker count. submit_file()
// blocks while `max_queued_files` files wait, which bounds the memory used by
// enumeration however many files the source holds.
class WorkPool {
 public:
  using Task = std::function<void()>;

  WorkPool(unsigned workers, std::size_t max_queued_files);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  void submit_file(Task task);
  void submit_chunk(Task task);
  // Waits until both queues are empty and no task is running.
  void wait_idle();

 private:
  void run_worker();

  std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable space_available_;
  std::condition_variable idle_;
  std::deque<Task> chunks_;
  std::deque<Task> files_;
  std::size_t max_queued_files_;
  unsigned running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace box::transfer
