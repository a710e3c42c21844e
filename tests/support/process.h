// Test helpers for child processes: run a command to completion and capture
// its output, or keep a server running in the background until destroyed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace box::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> set_env;  // added to or replacing the parent's variables
  std::vector<std::string> unset_env;
  std::optional<std::string> working_dir;
  std::string input;                           // written to stdin, then closed
  std::chrono::seconds timeout{300};
};

// Runs argv[0] (searched on PATH) and waits for it. Kills it with SIGKILL
// after the timeout and reports exit code 137. A boxcopy binary runs under
// `boxfit trace` when BOXCOPY_TEST_TRACE_DIR and BOXCOPY_TEST_BOXFIT are set.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A child process that runs until stop() or destruction (SIGTERM, then SIGKILL).
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options,
                    const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void stop();
  // Waits for the process to exit and returns its exit code (128 + signal
  // number when a signal ended it). After the timeout it is killed and 137 returned.
  int wait_for_exit(std::chrono::seconds timeout);

 private:
  pid_t pid_ = -1;
};

// Returns a TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

// Waits until 127.0.0.1:port accepts a connection. Returns false on timeout.
bool wait_for_port(int port, std::chrono::seconds timeout);

// A fresh folder under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace box::testing
