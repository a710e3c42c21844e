#include "transfer/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace box::transfer {
namespace {

TEST(WorkPool, RunsEveryTaskAndChunksFromTasks) {
  std::atomic<int> files{0};
  std::atomic<int> chunks{0};
  {
    WorkPool pool(4, 2);
    for (int i = 0; i < 100; ++i) {
      pool.submit_file([&] {
        ++files;
        for (int j = 0; j < 3; ++j) {
          pool.submit_chunk([&] { ++chunks; });
        }
      });
    }
    pool.wait_idle();
    EXPECT_EQ(files.load(), 100);
    EXPECT_EQ(chunks.load(), 300);
  }
}

TEST(WorkPool, LimitsConcurrentTasksToWorkers) {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  WorkPool pool(3, 1);
  for (int i = 0; i < 30; ++i) {
    pool.submit_file([&] {
      const int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      --running;
    });
  }
  pool.wait_idle();
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 1);
}

TEST(ByteBudget, BlocksUntilBytesReturn) {
  ByteBudget budget(100);
  budget.acquire(60);
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    budget.acquire(60);
    acquired = true;
    budget.release(60);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(acquired.load());  // 60 + 60 exceeds the budget of 100
  budget.release(60);
  waiter.join();
  EXPECT_TRUE(acquired.load());
  EXPECT_EQ(budget.peak_in_use(), 60U);
}

TEST(ByteBudget, OversizedRequestRunsAlone) {
  ByteBudget budget(10);
  budget.acquire(25);  // larger than the budget: allowed when nothing else is held
  EXPECT_EQ(budget.peak_in_use(), 25U);
  budget.release(25);
  BudgetLease lease(budget, 5);
  EXPECT_EQ(budget.peak_in_use(), 25U);
}

}  // namespace
}  // namespace box::transfer
