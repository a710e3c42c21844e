#include "transfer/work_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace box::transfer {

ByteBudget::ByteBudget(std::uint64_t capacity) : capacity_(std::max<std::uint64_t>(capacity, 1)) {}

void ByteBudget::acquire(std::uint64_t bytes) {
  std::unique_lock lock(mutex_);
  released_.wait(lock, [&] { return in_use_ + bytes <= capacity_ || in_use_ == 0; });
  in_use_ += bytes;
  peak_ = std::max(peak_, in_use_);
}

void ByteBudget::release(std::uint64_t bytes) {
  {
    std::lock_guard lock(mutex_);
    in_use_ -= bytes;
  }
  released_.notify_all();
}

std::uint64_t ByteBudget::peak_in_use() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

WorkPool::WorkPool(unsigned workers, std::size_t max_queued_files)
    : max_queued_files_(std::max<std::size_t>(max_queued_files, 1)) {
  workers = std::max(workers, 1U);
  threads_.reserve(workers);
  for (unsigned i = 0; i < workers; ++i) {
    threads_.emplace_back([this] { run_worker(); });
  }
}

WorkPool::~WorkPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (auto& thread : threads_) {
    thread.join();
  }
}

void WorkPool::submit_file(Task task) {
  std::unique_lock lock(mutex_);
  space_available_.wait(lock, [&] { return files_.size() < max_queued_files_; });
  files_.push_back(std::move(task));
  lock.unlock();
  work_available_.notify_one();
}

void WorkPool::submit_chunk(Task task) {
  {
    std::lock_guard lock(mutex_);
    chunks_.push_back(std::move(task));
  }
  work_available_.notify_one();
}

void WorkPool::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return chunks_.empty() && files_.empty() && running_ == 0; });
}

void WorkPool::run_worker() {
  while (true) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      work_available_.wait(lock, [&] { return stopping_ || !chunks_.empty() || !files_.empty(); });
      if (chunks_.empty() && files_.empty()) {
        return;  // stopping and nothing left
      }
      if (!chunks_.empty()) {
        task = std::move(chunks_.front());
        chunks_.pop_front();
      } else {
        task = std::move(files_.front());
        files_.pop_front();
        space_available_.notify_one();
      }
      ++running_;
    }
    try {
      task();
    } catch (const std::exception& error) {
      // Tasks report their own failures; reaching here is a bug worth logging.
      spdlog::error("internal error in a transfer task: {}", error.what());
    }
    {
      std::lock_guard lock(mutex_);
      --running_;
      if (running_ == 0 && chunks_.empty() && files_.empty()) {
        idle_.notify_all();
      }
    }
  }
}

}  // namespace box::transfer
