// Local file access for transfers: walking a folder without following
// symbolic links unless asked, positional reads and writes, MD5 of a file,
// and the temporary names downloads write to before the final rename.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace box::transfer {

enum class EntryKind { file, symlink_skipped, broken_symlink, special, error };

struct LocalEntry {
  EntryKind kind = EntryKind::file;
  std::string path;           // full local path
  std::string relative_path;  // below the walked folder, '/'-separated, as read from the folder
  std::uint64_t size = 0;
  timespec mtime{};
  std::string error;          // for broken_symlink and error
};

struct WalkOptions {
  bool recursive = true;        // false: only the folder's direct entries
  bool follow_symlinks = false; // follow links to files and folders (loops are detected)
};

// Calls `visit` for every non-folder entry below `root`, in directory order.
// Folders that cannot be read are reported as EntryKind::error entries with
// their relative path, and the walk goes on.
void walk_folder(const std::string& root, const WalkOptions& options, const std::function<void(LocalEntry&&)>& visit);

// Converts a file time (st_mtim) to a system_clock time point.
std::chrono::system_clock::time_point to_system_time(const timespec& time);

// Reads exactly `size` bytes at `offset`, retrying short reads. Throws
// box::Error (local_io) when the file ends early (it shrank) or reading fails.
void read_exactly(int fd, char* buffer, std::size_t size, std::uint64_t offset, const std::string& path);

// Writes all `size` bytes at `offset`. Throws box::Error (local_io).
void write_exactly(int fd, const char* data, std::size_t size, std::uint64_t offset, const std::string& path);

// Returns the base64 MD5 of the first `length` bytes of the open file, read
// sequentially through `buffer_size`-byte reads. Throws box::Error (local_io).
std::string md5_of_file(int fd, std::uint64_t length, const std::string& path, std::size_t buffer_size);

// Returns what kind of non-regular file exists at `path` without following a
// symbolic link there ("a symbolic link", "a FIFO", "a folder", ...), or
// nullopt when nothing exists there or it is a regular file. Throws
// box::Error (local_io) when the path's status cannot be read.
std::optional<std::string> non_regular_file_kind(const std::string& path);

// Returns the name a download writes to before renaming it to `final_path`:
// ".<name>.boxcopy-<job id>.part" in the same folder, or, when that would be
// longer than 255 bytes, ".boxcopy-<job id>-<sequence>.part".
std::string temporary_path(const std::string& final_path, const std::string& job_id, std::uint64_t sequence);

// A file descriptor closed on destruction.
class FileHandle {
 public:
  explicit FileHandle(int fd = -1) : fd_(fd) {}
  ~FileHandle();
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  int get() const { return fd_; }
  // Closes the current descriptor, if any, and takes ownership of `fd`.
  void reset(int fd) {
    close();
    fd_ = fd;
  }
  // Closes now; returns the errno of a failed close, or 0.
  int close();

 private:
  int fd_;
};

}  // namespace box::transfer
