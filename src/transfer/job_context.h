// State shared by the tasks of one running copy job. Internal to the transfer
// library: the upload and download tasks use it, callers use copy_job.h.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "storage/blob_client.h"
#include "transfer/copy_options.h"
#include "transfer/job_report.h"
#include "transfer/job_reporter.h"
#include "transfer/work_pool.h"

namespace box::transfer {

// Memory a request uses while it runs: libcurl's receive buffer (64 KiB)
// and send buffer (1 MiB) as http::Client sets them.
inline constexpr std::uint64_t kRequestBufferBytes = 1088 * 1024;
// Buffer for MD5 passes over a file.
inline constexpr std::size_t kHashBufferBytes = 1024 * 1024;
// Bytes a checked download may fetch past the bytes its MD5 has covered
// (see md5_lead in download.cpp). With 8 MiB ranges, 16 run at once per file.
inline constexpr std::uint64_t kMd5LeadBytes = 128ULL * 1024 * 1024;
// Blobs up to this size download in one GET when --block-size-mb is not given.
inline constexpr std::uint64_t kDefaultDownloadChunk = 8ULL * 1024 * 1024;

struct UploadItem {
  std::string local_path;
  std::string blob_name;
  std::uint64_t size = 0;
  timespec mtime{};
};

struct DownloadItem {
  std::string blob_name;
  std::string local_path;
  std::uint64_t size = 0;
  std::string content_md5;  // base64 from the listing or properties, may be empty
  std::chrono::system_clock::time_point last_modified{};
};

class JobContext {
 public:
  JobContext(const CopyOptions& options, storage::BlobClient& client, JobReporter& reporter, std::string job_id);

  const CopyOptions& options;
  storage::BlobClient& client;
  JobReporter& reporter;
  const std::string job_id;
  JobCounters counters;
  ByteBudget budget;
  WorkPool pool;

  // Returns a number unique within the job (for temporary names).
  std::uint64_t next_sequence() { return sequence_++; }

  // Asks the user under --overwrite=prompt, remembering "all" answers.
  bool confirm_overwrite(const std::string& destination);

  // Counts a failed transfer and logs it; the first 20 also reach stderr.
  void fail(TransferDetail detail, const std::exception& error, std::uint64_t bytes_counted);
  void fail(TransferDetail detail, const std::string& message, std::uint64_t bytes_counted);
  // Counts a skipped transfer and logs the reason.
  void skip(TransferDetail detail, const std::string& reason);

 private:
  std::atomic<std::uint64_t> sequence_{0};
  std::atomic<std::uint64_t> failures_reported_{0};
  std::mutex prompt_mutex_;
  std::optional<bool> overwrite_all_;
};

// Starts one file's transfer; runs as a WorkPool file task and may queue chunk tasks.
void upload_file(JobContext& job, UploadItem item);
void download_file(JobContext& job, DownloadItem item);

}  // namespace box::transfer
