// Download of one blob: ranged GETs written with pwrite into a temporary
// file in the destination folder, renamed to the final name only after the
// length and, when requested, the MD5 match. The MD5 is computed while the
// ranges arrive (see ordered_md5.h). A failed download removes the temporary
// file, so nothing that looks complete is left behind.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>

#include "common/redact.h"
#include "common/state_dir.h"
#include "transfer/job_context.h"
#include "transfer/local_files.h"
#include "transfer/ordered_md5.h"

namespace box::transfer {
namespace {

struct RangedDownload {
  DownloadItem item;
  TransferDetail detail;
  std::string temporary;
  FileHandle file;
  std::unique_ptr<OrderedMd5> md5;  // set when the data is hashed as it arrives
  std::uint64_t chunk_size = 0;
  std::atomic<std::uint64_t> remaining{0};
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;  // guards the fields below
  std::string first_error;
  long first_status = 0;  // HTTP status of the first failed range, 0 when not a service error
  std::string etag;
  std::string service_md5;
  std::uint64_t service_size = 0;
  bool have_response = false;

  void record_error(const std::string& context, const std::exception& error) {
    std::lock_guard lock(mutex);
    if (!failed.exchange(true)) {
      first_error = context + error.what();
      if (const auto* service = dynamic_cast<const storage::ServiceError*>(&error)) {
        first_status = service->status();
      }
    }
  }
};

// Throws when the destination exists and is not a regular file, so that a
// download never renames over a symbolic link, device, FIFO, socket or folder.
void check_replaceable(const std::string& path) {
  if (const auto kind = non_regular_file_kind(path)) {
    throw Error(ErrorKind::local_io, "destination '" + path + "' is " + *kind +
                                         "; boxcopy replaces only regular files, so remove it or choose another "
                                         "destination");
  }
}

// Returns false when an existing local file must be kept under the --overwrite mode.
bool should_download(JobContext& job, const DownloadItem& item, TransferDetail& detail) {
  check_replaceable(item.local_path);
  struct stat info {};
  if (lstat(item.local_path.c_str(), &info) != 0) {
    return true;
  }
  switch (job.options.overwrite) {
    case OverwriteMode::always:
      return true;
    case OverwriteMode::never:
      job.skip(detail, "the file already exists and --overwrite is false");
      return false;
    case OverwriteMode::if_source_newer:
      if (item.last_modified > to_system_time(info.st_mtim)) {
        return true;
      }
      job.skip(detail, "the file is not older than the blob and --overwrite is ifSourceNewer");
      return false;
    case OverwriteMode::prompt:
      if (job.confirm_overwrite(item.local_path)) {
        return true;
      }
      job.skip(detail, "the user chose not to overwrite the file");
      return false;
  }
  return true;
}

// Records the blob's ETag, size and MD5 from a range response. Throws when the
// blob changed since the first range (another ETag) or its size differs from the listing.
void check_consistent(RangedDownload& download, const storage::RangeResult& result) {
  std::lock_guard lock(download.mutex);
  if (!download.have_response) {
    download.have_response = true;
    download.etag = result.etag;
    download.service_md5 = result.blob_content_md5;
    download.service_size = result.blob_size;
    return;
  }
  if (result.etag != download.etag || result.blob_size != download.service_size) {
    throw Error(ErrorKind::service, "the blob changed during the download (its ETag or size changed); copy it again");
  }
}

// How far past the hashed bytes a range may start. Keeping the transfer this
// close to the hash lets the hash run alongside it instead of after it, and
// reads back pages that are still in the page cache.
// NOTE: the lead was sized against a local Azurite on 2 cores. Over a
// high-latency link 16 ranges in flight may be fewer than the link needs, and
// workers waiting for their turn do not fetch other files meanwhile.
std::uint64_t md5_lead(std::uint64_t chunk_size) { return std::max(kMd5LeadBytes, 4 * chunk_size); }

// Fetches one range, or the whole blob when `length` is 0, into the file, and
// hashes it when the download is checked against its MD5.
void fetch_range(JobContext& job, RangedDownload& download, std::uint64_t offset, std::uint64_t length) {
  OrderedMd5* md5 = download.md5.get();
  const bool whole_blob = length == 0;
  if (md5 && !whole_blob && !md5->wait_for_turn(offset, md5_lead(download.chunk_size))) {
    return;  // an earlier range failed, so the hash cannot finish
  }
  BudgetLease lease(job.budget, kRequestBufferBytes);
  const int fd = download.file.get();
  const std::string& path = download.temporary;
  const auto result = job.client.get_range(
      job.options.remote, download.item.blob_name, offset, length,
      [fd, offset, &path, md5, whole_blob](std::uint64_t at, const char* data, std::size_t size) {
        write_exactly(fd, data, size, offset + at, path);
        if (md5 && whole_blob) {
          md5->add_streamed(at, data, size);  // one response arrives in file order
        }
      });
  check_consistent(download, result);
  download.bytes_received += result.bytes;
  job.counters.add_bytes(result.bytes);
  if (md5 && !whole_blob) {
    md5->add(offset, result.bytes);
  }
}

// Applies --check-length and --check-md5 to the finished temporary file.
void verify(JobContext& job, RangedDownload& download) {
  const std::uint64_t expected_size = download.have_response ? download.service_size : download.item.size;
  if (job.options.check_length) {
    struct stat info {};
    if (fstat(download.file.get(), &info) != 0) {
      throw system_error("reading the status of", download.temporary, errno);
    }
    if (static_cast<std::uint64_t>(info.st_size) != expected_size) {
      throw Error(ErrorKind::local_io, "length check failed: the file has " + std::to_string(info.st_size) +
                                           " bytes but the blob has " + std::to_string(expected_size));
    }
  }

  const Md5Check mode = job.options.check_md5;
  if (mode == Md5Check::no_check) {
    return;
  }
  const std::string expected = !download.service_md5.empty() ? download.service_md5 : download.item.content_md5;
  if (expected.empty()) {
    if (mode == Md5Check::fail_if_different_or_missing) {
      throw Error(ErrorKind::input,
                  "the blob has no Content-MD5 and --check-md5 is FailIfDifferentOrMissing; "
                  "upload it with --put-md5 or use --check-md5 FailIfDifferent");
    }
    return;
  }
  std::string actual;
  if (download.md5 && download.md5->hashed_bytes() == expected_size) {
    actual = download.md5->base64_digest();
  } else {
    // The listing had no MD5 but the service sent one, or the blob's size
    // changed, so the hash is taken from the file.
    BudgetLease lease(job.budget, kHashBufferBytes);
    actual = md5_of_file(download.file.get(), expected_size, download.temporary, kHashBufferBytes);
  }
  if (actual == expected) {
    return;
  }
  const std::string message = "MD5 mismatch: the blob's Content-MD5 is " + expected + " but the downloaded data has " + actual;
  if (mode == Md5Check::log_only) {
    spdlog::warn("'{}': {}", download.item.local_path, message);
    return;
  }
  throw Error(ErrorKind::service, message + "; the data was not kept");
}

void finish_download(JobContext& job, RangedDownload& download) {
  try {
    if (download.failed) {
      download.detail.error_code = download.first_status;
      throw Error(ErrorKind::network, download.first_error);
    }
    verify(job, download);
    if (const int error = download.file.close(); error != 0) {
      throw system_error("closing", download.temporary, error);
    }
    // The destination may have been replaced by a link or device since the start.
    check_replaceable(download.item.local_path);
    if (rename(download.temporary.c_str(), download.item.local_path.c_str()) != 0) {
      throw system_error("renaming the temporary file to", download.item.local_path, errno);
    }
  } catch (const std::exception& error) {
    download.file.close();
    unlink(download.temporary.c_str());
    job.fail(download.detail, error, download.bytes_received);
    return;
  }
  job.counters.add_completed();
  spdlog::info("download completed: '{}' to '{}' ({} bytes)", download.detail.source, download.item.local_path,
               download.item.size);
}

void download_range_task(JobContext& job, const std::shared_ptr<RangedDownload>& download, std::uint64_t offset) {
  if (!download->failed) {
    const std::uint64_t length = std::min(download->chunk_size, download->item.size - offset);
    try {
      fetch_range(job, *download, offset, length);
    } catch (const std::exception& error) {
      download->record_error("range at offset " + std::to_string(offset) + ": ", error);
      if (download->md5) {
        download->md5->abandon();
      }
    }
  }
  if (--download->remaining == 0) {
    finish_download(job, *download);
  }
}

void create_parent_folder(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) {
    return;
  }
  make_dirs(path.substr(0, slash), 0777);
}

}  // namespace

void download_file(JobContext& job, DownloadItem item) {
  auto download = std::make_shared<RangedDownload>();
  download->detail.source = redact_url(job.options.remote.blob_url(item.blob_name));
  download->detail.destination = item.local_path;
  download->detail.size = item.size;
  try {
    if (!should_download(job, item, download->detail)) {
      return;
    }
    create_parent_folder(item.local_path);
    download->temporary = temporary_path(item.local_path, job.job_id, job.next_sequence());
    const int fd = open(download->temporary.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      throw system_error("creating", download->temporary, errno);
    }
    download->file.reset(fd);
    download->item = std::move(item);
    if (ftruncate(fd, static_cast<off_t>(download->item.size)) != 0) {
      throw system_error("setting the size of", download->temporary, errno);
    }
  } catch (const std::exception& error) {
    if (download->file.get() >= 0) {
      download->file.close();
      unlink(download->temporary.c_str());
    }
    job.fail(download->detail, error, 0);
    return;
  }

  if (job.options.check_md5 != Md5Check::no_check && !download->item.content_md5.empty()) {
    download->md5 = std::make_unique<OrderedMd5>(download->file.get(), download->temporary);
  }
  download->chunk_size = job.options.block_size.value_or(kDefaultDownloadChunk);
  const std::uint64_t size = download->item.size;
  if (size <= download->chunk_size) {
    // One GET of the whole blob, without a Range header, also works for empty blobs.
    try {
      fetch_range(job, *download, 0, 0);
    } catch (const std::exception& error) {
      download->record_error("", error);
    }
    finish_download(job, *download);
    return;
  }
  const std::uint64_t ranges = (size + download->chunk_size - 1) / download->chunk_size;
  download->remaining = ranges;
  for (std::uint64_t index = 0; index < ranges; ++index) {
    job.pool.submit_chunk([&job, download, offset = index * download->chunk_size] {
      download_range_task(job, download, offset);
    });
  }
}

}  // namespace box::transfer
