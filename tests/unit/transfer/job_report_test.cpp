#include "transfer/job_report.h"

#include <gtest/gtest.h>

#include <csignal>

namespace box::transfer {
namespace {

JobSummary summary_with(std::uint64_t completed, std::uint64_t failed, std::uint64_t skipped) {
  JobSummary summary;
  summary.job_id = "11111111-2222-4333-8444-555555555555";
  summary.complete = true;
  summary.completed = completed;
  summary.failed = failed;
  summary.skipped = skipped;
  summary.total_transfers = completed + failed + skipped;
  return summary;
}

TEST(JobStatus, AzCopyRules) {
  EXPECT_EQ(job_status(summary_with(3, 0, 0)), "Completed");
  EXPECT_EQ(job_status(summary_with(0, 0, 0)), "Completed");
  EXPECT_EQ(job_status(summary_with(2, 0, 1)), "CompletedWithSkipped");
  EXPECT_EQ(job_status(summary_with(2, 1, 0)), "CompletedWithErrors");
  EXPECT_EQ(job_status(summary_with(0, 2, 0)), "Failed");
  EXPECT_EQ(job_status(summary_with(1, 1, 1)), "CompletedWithErrorsAndSkipped");
  JobSummary running = summary_with(1, 0, 0);
  running.complete = false;
  EXPECT_EQ(job_status(running), "InProgress");
}

TEST(CancelLine, CountsDoneInterruptedNotStarted) {
  JobSummary summary = summary_with(3, 0, 0);
  summary.total_transfers = 50;
  summary.interrupted = 2;
  summary.cancel_signal = SIGINT;
  EXPECT_EQ(job_status(summary), "Cancelled");
  EXPECT_EQ(format_cancel_line(summary),
            "job 11111111-2222-4333-8444-555555555555 cancelled by signal SIGINT; 3 files done, 2 interrupted, "
            "45 not started");
  summary.interrupted = 0;
  summary.failed = 1;
  summary.cancel_signal = SIGTERM;
  EXPECT_EQ(format_cancel_line(summary),
            "job 11111111-2222-4333-8444-555555555555 cancelled by signal SIGTERM; 3 files done, 1 failed, "
            "46 not started");
}

TEST(SummaryText, AzCopyShape) {
  JobSummary summary = summary_with(5, 1, 2);
  summary.elapsed = std::chrono::milliseconds(4008);  // 0.0668 minutes
  summary.symlinks_skipped = 3;
  summary.bytes_transferred = 12345;
  const std::string expected =
      "\nJob 11111111-2222-4333-8444-555555555555 summary\n"
      "Elapsed Time (Minutes): 0.0668\n"
      "Number of File Transfers: 8\n"
      "Number of Folder Property Transfers: 0\n"
      "Number of Symlink Transfers: 0\n"
      "Total Number of Transfers: 8\n"
      "Number of File Transfers Completed: 5\n"
      "Number of Folder Transfers Completed: 0\n"
      "Number of File Transfers Failed: 1\n"
      "Number of Folder Transfers Failed: 0\n"
      "Number of File Transfers Skipped: 2\n"
      "Number of Folder Transfers Skipped: 0\n"
      "Number of Symbolic Links Skipped: 3\n"
      "Number of Hardlinks Converted: 0\n"
      "Number of Special Files Skipped: 0\n"
      "Total Number of Bytes Transferred: 12345\n"
      "Final Job Status: CompletedWithErrorsAndSkipped\n";
  EXPECT_EQ(format_summary_text(summary), expected);
}

TEST(SummaryText, WholeMinutesHaveNoDecimals) {
  JobSummary summary = summary_with(1, 0, 0);
  summary.elapsed = std::chrono::minutes(2);
  EXPECT_NE(format_summary_text(summary).find("Elapsed Time (Minutes): 2\n"), std::string::npos);
}

TEST(SummaryJson, CountsAsStrings) {
  JobSummary summary = summary_with(2, 1, 0);
  summary.bytes_transferred = 10;
  TransferDetail failed;
  failed.source = "/data/a";
  failed.destination = "http://127.0.0.1:1/acct/c/a";
  failed.status = "Failed";
  failed.error_code = 403;
  failed.error_message = "AuthenticationFailed";
  summary.failed_transfers.push_back(failed);
  const nlohmann::json json = summary_json(summary);
  EXPECT_EQ(json["JobID"], summary.job_id);
  EXPECT_EQ(json["JobStatus"], "CompletedWithErrors");
  EXPECT_EQ(json["TotalTransfers"], "3");
  EXPECT_EQ(json["TransfersCompleted"], "2");
  EXPECT_EQ(json["TransfersFailed"], "1");
  EXPECT_EQ(json["TransfersSkipped"], "0");
  EXPECT_EQ(json["TotalBytesTransferred"], "10");
  ASSERT_EQ(json["FailedTransfers"].size(), 1U);
  EXPECT_EQ(json["FailedTransfers"][0]["Src"], "/data/a");
  EXPECT_EQ(json["FailedTransfers"][0]["ErrorCode"], "403");
  EXPECT_EQ(json["FailedTransfers"][0]["TransferStatus"], "Failed");
}

TEST(ProgressLine, CountsBytesAndEta) {
  JobSummary summary;
  summary.total_transfers = 10;
  summary.completed = 4;
  summary.failed = 1;
  summary.skipped = 1;
  summary.bytes_expected = 4 * 1024 * 1024;
  summary.bytes_transferred = 1024 * 1024;
  const std::string line = format_progress_line(summary, 1024.0 * 1024.0);
  EXPECT_NE(line.find("25.0 %, 4 Done, 1 Failed, 4 Pending, 1 Skipped, 10 Total"), std::string::npos) << line;
  EXPECT_NE(line.find("1.0 MiB of 4.0 MiB"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 00:00:03"), std::string::npos) << line;
}

TEST(JobCounters, FailedBytesLeaveTotals) {
  JobCounters counters("id");
  counters.add_found(100);
  counters.add_found(50);
  counters.add_bytes(100);
  counters.add_completed();
  counters.add_bytes(20);
  TransferDetail detail;
  detail.size = 50;
  counters.add_failed(detail, 20);
  const JobSummary summary = counters.snapshot(true);
  EXPECT_EQ(summary.bytes_transferred, 100U);
  EXPECT_EQ(summary.bytes_expected, 100U);
  EXPECT_EQ(summary.total_transfers, 2U);
  EXPECT_EQ(summary.failed, 1U);
  EXPECT_EQ(summary.completed, 1U);
}

}  // namespace
}  // namespace box::transfer
