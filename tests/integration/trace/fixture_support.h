// Paths of the fixture programs, a stdout capture and result helpers for tests that trace them.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include "trace/trace_result.h"

namespace box::trace::testing {

inline std::string fixture(const std::string& name) { return std::string(BOXFIT_FIXTURE_DIR) + "/" + name; }

// Returns the names of the syscalls recorded for `abi`.
inline std::set<std::string> syscall_names(const TraceResult& result, seccomp::Abi abi) {
  std::set<std::string> names;
  auto abi_stats = result.abis.find(abi);
  if (abi_stats != result.abis.end()) {
    for (const auto& [number, stats] : abi_stats->second) {
      names.insert(stats.name);
    }
  }
  return names;
}

// Sends this process's stdout, and so a traced child's, to a temporary file while alive.
class CapturedStdout {
 public:
  CapturedStdout() {
    std::fflush(stdout);
    saved_ = dup(STDOUT_FILENO);
    file_ = std::tmpfile();
    dup2(fileno(file_), STDOUT_FILENO);
  }
  ~CapturedStdout() {
    restore();
    std::fclose(file_);
  }
  CapturedStdout(const CapturedStdout&) = delete;
  CapturedStdout& operator=(const CapturedStdout&) = delete;

  // Restores stdout and returns what was written meanwhile.
  std::string text() {
    restore();
    std::string content;
    char buffer[4096];
    ssize_t got = 0;
    lseek(fileno(file_), 0, SEEK_SET);
    while ((got = read(fileno(file_), buffer, sizeof buffer)) > 0) {
      content.append(buffer, static_cast<std::size_t>(got));
    }
    return content;
  }

 private:
  void restore() {
    if (saved_ >= 0) {
      std::fflush(stdout);
      dup2(saved_, STDOUT_FILENO);
      close(saved_);
      saved_ = -1;
    }
  }

  int saved_ = -1;
  std::FILE* file_ = nullptr;
};

}  // namespace box::trace::testing
