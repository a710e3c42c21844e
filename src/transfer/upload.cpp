// Upload of one local file: a single Put Blob for small files, parallel
// Put Block requests plus Put Block List for large ones. Blocks stream from
// the file with pread through the request body callback, so no block is
// held in memory.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "common/redact.h"
#include "transfer/block_sizing.h"
#include "transfer/job_context.h"
#include "transfer/local_files.h"

namespace box::transfer {
namespace {

// The file's state shared by its block tasks.
struct BlockUpload {
  UploadItem item;
  TransferDetail detail;
  BlockPlan plan;
  storage::PutOptions put_options;
  FileHandle file;
  std::vector<std::string> block_ids;
  std::atomic<std::uint64_t> remaining{0};
  std::atomic<std::uint64_t> bytes_sent{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string first_error;
  long first_status = 0;  // HTTP status of the first failed block, 0 when not a service error
};

storage::BodyReader file_reader(int fd, std::uint64_t base, const std::string& path) {
  return [fd, base, &path](char* buffer, std::size_t size, std::uint64_t offset) {
    read_exactly(fd, buffer, size, base + offset, path);
    return size;
  };
}

// Fails the transfer when the file changed between enumeration and now.
void check_unchanged(int fd, const UploadItem& item) {
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    throw system_error("reading the status of", item.local_path, errno);
  }
  if (static_cast<std::uint64_t>(info.st_size) != item.size || info.st_mtim.tv_sec != item.mtime.tv_sec ||
      info.st_mtim.tv_nsec != item.mtime.tv_nsec) {
    throw Error(ErrorKind::local_io, "'" + item.local_path + "' changed while it was being uploaded; copy it again");
  }
}

// Returns false when an existing blob must be kept under the --overwrite mode.
bool should_upload(JobContext& job, const UploadItem& item, TransferDetail& detail) {
  const OverwriteMode mode = job.options.overwrite;
  if (mode == OverwriteMode::always) {
    return true;
  }
  const auto existing = job.client.get_properties(job.options.remote, item.blob_name);
  if (!existing) {
    return true;
  }
  switch (mode) {
    case OverwriteMode::never:
      job.skip(detail, "the blob already exists and --overwrite is false");
      return false;
    case OverwriteMode::if_source_newer:
      if (to_system_time(item.mtime) > existing->last_modified) {
        return true;
      }
      job.skip(detail, "the blob is not older than the file and --overwrite is ifSourceNewer");
      return false;
    case OverwriteMode::prompt:
      if (job.confirm_overwrite(detail.destination)) {
        return true;
      }
      job.skip(detail, "the user chose not to overwrite the blob");
      return false;
    case OverwriteMode::always:
      break;
  }
  return true;
}

int open_source(const UploadItem& item) {
  const int fd = open(item.local_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw system_error("opening", item.local_path, errno);
  }
  return fd;
}

void finish_block_upload(JobContext& job, BlockUpload& upload) {
  if (upload.failed) {
    upload.detail.error_code = upload.first_status;
    job.fail(upload.detail, upload.first_error, upload.bytes_sent);
    return;
  }
  try {
    check_unchanged(upload.file.get(), upload.item);
    job.client.put_block_list(job.options.remote, upload.item.blob_name, upload.block_ids, upload.put_options);
  } catch (const std::exception& error) {
    job.fail(upload.detail, error, upload.bytes_sent);
    return;
  }
  job.counters.add_completed();
  spdlog::info("upload completed: '{}' to '{}' ({} bytes, {} blocks)", upload.item.local_path,
               upload.detail.destination, upload.item.size, upload.plan.block_count);
}

void upload_block(JobContext& job, const std::shared_ptr<BlockUpload>& upload, std::uint64_t index) {
  if (!upload->failed) {
    const std::uint64_t offset = index * upload->plan.block_size;
    const std::uint64_t length = std::min(upload->plan.block_size, upload->item.size - offset);
    try {
      BudgetLease lease(job.budget, kRequestBufferBytes);
      job.client.put_block(job.options.remote, upload->item.blob_name, upload->block_ids[index],
                           file_reader(upload->file.get(), offset, upload->item.local_path), length);
      upload->bytes_sent += length;
      job.counters.add_bytes(length);
    } catch (const std::exception& error) {
      std::lock_guard lock(upload->error_mutex);
      if (!upload->failed.exchange(true)) {
        upload->first_error = "block " + std::to_string(index) + " at offset " + std::to_string(offset) + ": " +
                              error.what();
        if (const auto* service = dynamic_cast<const storage::ServiceError*>(&error)) {
          upload->first_status = service->status();
        }
      }
    }
  }
  if (--upload->remaining == 0) {
    finish_block_upload(job, *upload);
  }
}

}  // namespace

void upload_file(JobContext& job, UploadItem item) {
  TransferDetail detail;
  detail.source = item.local_path;
  detail.destination = redact_url(job.options.remote.blob_url(item.blob_name));
  detail.size = item.size;
  std::uint64_t bytes_counted = 0;
  try {
    if (!should_upload(job, item, detail)) {
      return;
    }
    auto upload = std::make_shared<BlockUpload>();
    upload->plan = plan_blocks(item.size, job.options.block_size, job.options.put_blob_size);
    upload->file.reset(open_source(item));
    check_unchanged(upload->file.get(), item);
    if (job.options.put_md5) {
      // The MD5 goes in a request header, so it is computed in a pass before the upload.
      BudgetLease lease(job.budget, kHashBufferBytes);
      upload->put_options.content_md5 = md5_of_file(upload->file.get(), item.size, item.local_path, kHashBufferBytes);
    }

    if (upload->plan.single_put) {
      {
        BudgetLease lease(job.budget, kRequestBufferBytes);
        job.client.put_blob(job.options.remote, item.blob_name,
                            file_reader(upload->file.get(), 0, item.local_path), item.size, upload->put_options);
      }
      job.counters.add_bytes(item.size);
      bytes_counted = item.size;
      check_unchanged(upload->file.get(), item);
      job.counters.add_completed();
      spdlog::info("upload completed: '{}' to '{}' ({} bytes, one Put Blob)", item.local_path, detail.destination,
                   item.size);
      return;
    }

    upload->item = std::move(item);
    upload->detail = detail;
    upload->remaining = upload->plan.block_count;
    for (std::uint64_t index = 0; index < upload->plan.block_count; ++index) {
      upload->block_ids.push_back(storage::make_block_id(static_cast<std::uint32_t>(index)));
    }
    for (std::uint64_t index = 0; index < upload->plan.block_count; ++index) {
      job.pool.submit_chunk([&job, upload, index] { upload_block(job, upload, index); });
    }
  } catch (const std::exception& error) {
    job.fail(detail, error, bytes_counted);
  }
}

}  // namespace box::transfer
