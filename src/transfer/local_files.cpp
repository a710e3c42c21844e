#include "transfer/local_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "common/error.h"
#include "transfer/md5.h"
#include "transfer/path_mapping.h"

namespace box::transfer {
namespace {

using DirectoryId = std::pair<dev_t, ino_t>;

struct Walker {
  const WalkOptions& options;
  const std::function<void(LocalEntry&&)>& visit;
  std::string root;
  std::set<DirectoryId> ancestors;  // folders on the current path, to stop link loops

  void report_error(const std::string& relative, const std::string& message) {
    LocalEntry entry;
    entry.kind = EntryKind::error;
    entry.path = join_path(root, relative);
    entry.relative_path = relative;
    entry.error = message;
    visit(std::move(entry));
  }

  void walk(int dir_fd, const std::string& relative_dir, bool descend);
  void handle_entry(int dir_fd, const char* name, const std::string& relative, bool descend);
};

void Walker::walk(int dir_fd, const std::string& relative_dir, bool descend) {
  DIR* dir = fdopendir(dir_fd);
  if (!dir) {
    const int error = errno;
    ::close(dir_fd);
    report_error(relative_dir, std::string("cannot read folder: ") + std::strerror(error));
    return;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> guard(dir, closedir);
  while (true) {
    errno = 0;
    const dirent* item = readdir(dir);
    if (!item) {
      if (errno != 0) {
        report_error(relative_dir, std::string("cannot read folder: ") + std::strerror(errno));
      }
      return;
    }
    const char* name = item->d_name;
    if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) {
      continue;
    }
    const std::string relative = relative_dir.empty() ? std::string(name) : relative_dir + "/" + name;
    handle_entry(dirfd(dir), name, relative, descend);
  }
}

void Walker::handle_entry(int dir_fd, const char* name, const std::string& relative, bool descend) {
  struct stat info {};
  if (fstatat(dir_fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
    report_error(relative, std::string("cannot read file status: ") + std::strerror(errno));
    return;
  }
  LocalEntry entry;
  entry.path = join_path(root, relative);
  entry.relative_path = relative;

  if (S_ISLNK(info.st_mode)) {
    if (!options.follow_symlinks) {
      entry.kind = EntryKind::symlink_skipped;
      visit(std::move(entry));
      return;
    }
    if (fstatat(dir_fd, name, &info, 0) != 0) {
      entry.kind = EntryKind::broken_symlink;
      entry.error = std::string("the symbolic link's target cannot be read: ") + std::strerror(errno);
      visit(std::move(entry));
      return;
    }
  }

  if (S_ISDIR(info.st_mode)) {
    if (!descend) {
      return;
    }
    const DirectoryId id{info.st_dev, info.st_ino};
    if (ancestors.count(id)) {
      report_error(relative, "symbolic link loop: the folder is one of its own parents");
      return;
    }
    const int child = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (options.follow_symlinks ? 0 : O_NOFOLLOW));
    if (child < 0) {
      report_error(relative, std::string("cannot open folder: ") + std::strerror(errno));
      return;
    }
    ancestors.insert(id);
    walk(child, relative, options.recursive);
    ancestors.erase(id);
    return;
  }

  if (!S_ISREG(info.st_mode)) {
    entry.kind = EntryKind::special;
    visit(std::move(entry));
    return;
  }
  entry.kind = EntryKind::file;
  entry.size = static_cast<std::uint64_t>(info.st_size);
  entry.mtime = info.st_mtim;
  visit(std::move(entry));
}

}  // namespace

void walk_folder(const std::string& root, const WalkOptions& options, const std::function<void(LocalEntry&&)>& visit) {
  Walker walker{options, visit, root, {}};
  // The root was named on the command line, so a link there is followed (like cp -H).
  const int fd = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    throw system_error("opening folder", root, errno);
  }
  struct stat info {};
  if (fstat(fd, &info) == 0) {
    walker.ancestors.insert({info.st_dev, info.st_ino});
  }
  walker.walk(fd, "", options.recursive);
}

std::chrono::system_clock::time_point to_system_time(const timespec& time) {
  const auto since_epoch = std::chrono::seconds(time.tv_sec) + std::chrono::nanoseconds(time.tv_nsec);
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch));
}

void read_exactly(int fd, char* buffer, std::size_t size, std::uint64_t offset, const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = pread(fd, buffer + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw system_error("reading", path, errno);
    }
    if (n == 0) {
      throw Error(ErrorKind::local_io, "reading '" + path + "' failed: the file ended at byte " +
                                           std::to_string(offset + done) + "; it changed during the copy");
    }
    done += static_cast<std::size_t>(n);
  }
}

void write_exactly(int fd, const char* data, std::size_t size, std::uint64_t offset, const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw system_error("writing", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

std::string md5_of_file(int fd, std::uint64_t length, const std::string& path, std::size_t buffer_size) {
  Md5 md5;
  std::vector<char> buffer(buffer_size);
  for (std::uint64_t offset = 0; offset < length;) {
    const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - offset));
    read_exactly(fd, buffer.data(), chunk, offset, path);
    md5.update(buffer.data(), chunk);
    offset += chunk;
  }
  return md5.base64_digest();
}

std::optional<std::string> non_regular_file_kind(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return std::nullopt;
    }
    throw system_error("reading the status of", path, errno);
  }
  switch (info.st_mode & S_IFMT) {
    case S_IFREG: return std::nullopt;
    case S_IFLNK: return "a symbolic link";
    case S_IFDIR: return "a folder";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    default: return "a file of an unknown type";
  }
}

std::string temporary_path(const std::string& final_path, const std::string& job_id, std::uint64_t sequence) {
  const auto slash = final_path.rfind('/');
  const std::string folder = slash == std::string::npos ? std::string() : final_path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? final_path : final_path.substr(slash + 1);
  std::string temporary = "." + name + ".boxcopy-" + job_id + ".part";
  if (temporary.size() > 255) {
    temporary = ".boxcopy-" + job_id + "-" + std::to_string(sequence) + ".part";
  }
  return folder + temporary;
}

FileHandle::~FileHandle() { close(); }

int FileHandle::close() {
  if (fd_ < 0) {
    return 0;
  }
  const int result = ::close(fd_);
  fd_ = -1;
  return result == 0 ? 0 : errno;
}

}  // namespace box::transfer
