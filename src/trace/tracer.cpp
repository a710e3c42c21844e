#include "trace/tracer.h"

#include <linux/audit.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <unordered_map>

#include "trace/child_process.h"
#include "trace/command_path.h"
#include "trace/error.h"
#include "trace/fast_filter.h"
#include "trace/names.h"

namespace box::trace {
namespace {

constexpr int kSyscallStop = SIGTRAP | 0x80;  // reported with PTRACE_O_TRACESYSGOOD
constexpr unsigned kPtraceOptions = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
                                    PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP |
                                    PTRACE_O_EXITKILL;

void* as_data(uintptr_t value) { return reinterpret_cast<void*>(value); }

std::string read_yama_ptrace_scope() {
  std::ifstream input("/proc/sys/kernel/yama/ptrace_scope");
  std::string scope;
  input >> scope;
  return scope;
}

[[noreturn]] void throw_seize_error(int errno_value) {
  if (errno_value != EPERM) {
    throw TraceError(TraceError::Kind::system, std::string("PTRACE_SEIZE failed: ") + std::strerror(errno_value));
  }
  const std::string scope = read_yama_ptrace_scope();
  if (scope == "3") {
    throw TraceError(TraceError::Kind::ptrace_not_permitted,
                     "ptrace is not permitted: kernel.yama.ptrace_scope is 3, which disables ptrace until reboot");
  }
  if (scope == "2") {
    throw TraceError(TraceError::Kind::ptrace_not_permitted,
                     "ptrace is not permitted: kernel.yama.ptrace_scope is 2; run boxfit with CAP_SYS_PTRACE "
                     "(for example as root) or set kernel.yama.ptrace_scope to 1");
  }
  throw TraceError(TraceError::Kind::ptrace_not_permitted,
                   "ptrace is not permitted (PTRACE_SEIZE: Operation not permitted); in a container, add "
                   "--cap-add SYS_PTRACE, or use a seccomp profile that allows ptrace");
}

[[noreturn]] void fail_system(const std::string& operation, pid_t pid, int errno_value) {
  throw TraceError(TraceError::Kind::system,
                   operation + " on process " + std::to_string(pid) + " failed: " + std::strerror(errno_value));
}

// Maps PTRACE_GET_SYSCALL_INFO's audit architecture and raw number to an ABI and a number
// without the x32 bit. Returns nothing for architectures the tracer does not know.
std::optional<std::pair<seccomp::Abi, int>> classify(uint32_t arch, uint64_t raw_number) {
  const int number = static_cast<int>(raw_number);
  switch (arch) {
    case AUDIT_ARCH_X86_64:
      // NOTE: untested, because the test kernels lack the x32 ABI (Debian disables it at boot).
      if ((number & kX32SyscallBit) != 0) {
        return std::pair{seccomp::Abi::x32, number & ~kX32SyscallBit};
      }
      return std::pair{seccomp::Abi::x86_64, number};
    case AUDIT_ARCH_I386:
      return std::pair{seccomp::Abi::i386, number};
    case AUDIT_ARCH_AARCH64:
      return std::pair{seccomp::Abi::aarch64, number};
    default:
      return std::nullopt;
  }
}

bool is_group_stop_signal(int signal_number) {
  return signal_number == SIGSTOP || signal_number == SIGTSTP || signal_number == SIGTTIN ||
         signal_number == SIGTTOU;
}

#if defined(__x86_64__)
// Turns the stopped call into a no-op that returns -errno: orig_rax = -1 makes the kernel
// skip the call, and rax becomes the return value.
void skip_syscall(pid_t pid, int errno_value) {
  user_regs_struct regs{};
  if (ptrace(PTRACE_GETREGS, pid, nullptr, &regs) != 0) {
    fail_system("PTRACE_GETREGS", pid, errno);
  }
  regs.orig_rax = static_cast<unsigned long long>(-1LL);
  regs.rax = static_cast<unsigned long long>(-static_cast<long long>(errno_value));
  if (ptrace(PTRACE_SETREGS, pid, nullptr, &regs) != 0) {
    fail_system("PTRACE_SETREGS", pid, errno);
  }
}

void set_return_value(pid_t pid, long long value) {
  errno = 0;
  constexpr auto kRaxOffset = offsetof(user_regs_struct, rax);
  if (ptrace(PTRACE_POKEUSER, pid, as_data(kRaxOffset), as_data(static_cast<uintptr_t>(value))) != 0) {
    fail_system("PTRACE_POKEUSER", pid, errno);
  }
}
#else
void skip_syscall(pid_t, int) {
  throw TraceError(TraceError::Kind::system, "failing a syscall from the tracer is implemented for x86_64 hosts only");
}
void set_return_value(pid_t, long long) { skip_syscall(0, 0); }
#endif

// Per-thread state between a syscall's entry and its exit stop.
struct Tracee {
  bool records_errors = false;  // the exit stop counts an error return of this call
  bool awaiting_exit = false;  // seccomp stops: resumed with PTRACE_SYSCALL to see the exit stop
  seccomp::Abi abi = seccomp::Abi::x86_64;
  int number = 0;
  int injected_errno = 0;
};

class Tracer {
 public:
  explicit Tracer(const TraceOptions& options)
      : options_(options), seccomp_stops_(!options.allow_without_stop.empty() || !options.record_errors) {
    result_.command = options.argv;
    result_.errors_recorded = options.record_errors;
  }

  TraceResult run() {
    // The PATH search happens here, so that the child's only execve is the one counting starts at.
    const std::string path = find_command(options_.argv.front());
    std::vector<sock_filter> filter;
    if (seccomp_stops_) {
      filter = build_fast_mode_filter(options_.allow_without_stop);
    }
    ChildProcess child = start_child(path, options_.argv, filter, options_.stdout_to_stderr);
    main_pid_ = child.pid();
    attach(child);
    try {
      wait_for_all();
    } catch (const TraceError&) {
      kill_all_tracees();
      throw;
    }
    child.throw_if_exec_failed();
    return std::move(result_);
  }

 private:
  // Seizes the child while it waits before execve, stops it once so that the first resume
  // can be PTRACE_SYSCALL, then lets it exec.
  void attach(ChildProcess& child) {
    const pid_t pid = child.pid();
    if (ptrace(PTRACE_SEIZE, pid, nullptr, as_data(kPtraceOptions)) != 0) {
      const int saved_errno = errno;
      child.kill_and_reap();
      throw_seize_error(saved_errno);
    }
    if (ptrace(PTRACE_INTERRUPT, pid, nullptr, nullptr) != 0) {
      fail_system("PTRACE_INTERRUPT", pid, errno);
    }
    int status = 0;
    while (waitpid(pid, &status, __WALL) < 0) {
      if (errno != EINTR) {
        fail_system("waitpid", pid, errno);
      }
    }
    tracees_[pid] = Tracee{};
    child.release_to_exec();
    resume(pid, 0);
  }

  void wait_for_all() {
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, __WALL);
      if (pid < 0) {
        if (errno == EINTR) {
          continue;
        }
        if (errno == ECHILD) {
          return;
        }
        fail_system("waitpid", -1, errno);
      }
      if (WIFEXITED(status) || WIFSIGNALED(status)) {
        on_exited(pid, status);
      } else if (WIFSTOPPED(status)) {
        on_stopped(pid, status);
      }
    }
  }

  // Kills every tracee and reaps it, so that a failed trace leaves no process stopped.
  void kill_all_tracees() {
    for (const auto& [pid, tracee] : tracees_) {
      kill(pid, SIGKILL);
    }
    int status = 0;
    for (;;) {
      const pid_t pid = waitpid(-1, &status, __WALL);
      if (pid < 0 && errno == EINTR) {
        continue;
      }
      if (pid < 0) {
        return;
      }
      if (WIFSTOPPED(status)) {
        kill(pid, SIGKILL);  // a tracee that had not stopped yet
      }
    }
  }

  void on_exited(pid_t pid, int status) {
    tracees_.erase(pid);
    if (pid != main_pid_) {
      return;
    }
    if (WIFSIGNALED(status)) {
      result_.signal = WTERMSIG(status);
      result_.exit_code = 128 + WTERMSIG(status);
    } else {
      result_.exit_code = WEXITSTATUS(status);
    }
  }

  void on_stopped(pid_t pid, int status) {
    const int signal_number = WSTOPSIG(status);
    const int event = status >> 16;
    Tracee& tracee = tracees_[pid];  // a new thread or process may stop before its creator's event
    if (signal_number == kSyscallStop) {
      on_syscall_stop(pid, tracee);
    } else if (event == PTRACE_EVENT_SECCOMP) {
      on_seccomp_stop(pid, tracee);
    } else if (event == PTRACE_EVENT_EXEC) {
      on_exec(pid);
    } else if (event == PTRACE_EVENT_STOP) {
      on_event_stop(pid, signal_number);
    } else if (event != 0) {
      resume(pid, 0);  // fork, vfork and clone: the new tracee reports its own first stop
    } else {
      resume(pid, signal_number);  // signal-delivery-stop: deliver the signal
    }
  }

  void on_syscall_stop(pid_t pid, Tracee& tracee) {
    const __ptrace_syscall_info info = syscall_info(pid);
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
      on_entry(pid, tracee, info.arch, info.entry.nr, info.entry.args);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
      on_exit(pid, tracee, info);
    }
    resume(pid, 0);
  }

  // The filter stopped a syscall outside the allow set. When the call's exit matters (to
  // record its errno or to set an injected error), PTRACE_SYSCALL makes the syscall's exit
  // the thread's next stop. Otherwise the thread runs on to its next filtered call.
  void on_seccomp_stop(pid_t pid, Tracee& tracee) {
    if (seccomp_stops_) {
      const __ptrace_syscall_info info = syscall_info(pid);
      if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
        on_entry(pid, tracee, info.arch, info.seccomp.nr, info.seccomp.args);
        tracee.awaiting_exit = options_.record_errors || tracee.injected_errno != 0;
      }
    }
    resume(pid, 0);
  }

  void on_entry(pid_t pid, Tracee& tracee, uint32_t arch, uint64_t raw_number, const uint64_t (&raw_args)[6]) {
    tracee = Tracee{};
    const auto classified = classify(arch, raw_number);
    if (!classified) {
      return;
    }
    const auto [abi, number] = *classified;
    tracee.abi = abi;
    tracee.number = number;
    if (!started_ && !is_exec_call(abi, number)) {
      return;  // the child's own setup before execve
    }
    started_ = true;

    SyscallEvent event{abi, number, {}, pid};
    std::copy(std::begin(raw_args), std::end(raw_args), event.args.begin());
    SyscallStats& stats = result_.add_call(abi, number);
    // rt_sigreturn "returns" the interrupted context's rax, which is no error of its own.
    tracee.records_errors = stats.name != "rt_sigreturn" && stats.name != "sigreturn";
    if (options_.argument_sensitive.count(stats.name) != 0) {
      result_.add_arg_set(abi, number, event.args);
    }
    if (options_.decide) {
      tracee.injected_errno = options_.decide(event);
      if (tracee.injected_errno != 0) {
        skip_syscall(pid, tracee.injected_errno);
      }
    }
  }

  void on_exit(pid_t pid, Tracee& tracee, const __ptrace_syscall_info& info) {
    if (tracee.injected_errno != 0) {
      set_return_value(pid, -static_cast<long long>(tracee.injected_errno));
      result_.add_error(tracee.abi, tracee.number, tracee.injected_errno);
    } else if (tracee.records_errors && info.exit.is_error != 0) {
      result_.add_error(tracee.abi, tracee.number, static_cast<int>(-info.exit.rval));
    }
    tracee = Tracee{};
  }

  // After an execve from a thread other than the leader, the thread continues under the
  // leader's thread id, which PTRACE_GETEVENTMSG reports as the former id.
  void on_exec(pid_t pid) {
    unsigned long former = 0;
    if (ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &former) == 0 && static_cast<pid_t>(former) != pid) {
      auto found = tracees_.find(static_cast<pid_t>(former));
      if (found != tracees_.end()) {
        tracees_[pid] = found->second;
        tracees_.erase(found);
      }
    }
    started_ = true;
    resume(pid, 0);
  }

  // PTRACE_EVENT_STOP is a group-stop when it carries a stop signal: PTRACE_LISTEN keeps the
  // tracee stopped until SIGCONT, as without a tracer. Otherwise it is the first stop of a
  // new tracee or the end of a group-stop, and the tracee runs on.
  void on_event_stop(pid_t pid, int signal_number) {
    if (is_group_stop_signal(signal_number)) {
      if (ptrace(PTRACE_LISTEN, pid, nullptr, nullptr) != 0 && errno != ESRCH) {
        fail_system("PTRACE_LISTEN", pid, errno);
      }
      return;
    }
    resume(pid, 0);
  }

  void resume(pid_t pid, int signal_number) {
    const Tracee& tracee = tracees_[pid];
    const bool step_to_exit = !seccomp_stops_ || tracee.awaiting_exit;
    const auto request = step_to_exit ? PTRACE_SYSCALL : PTRACE_CONT;
    if (ptrace(request, pid, nullptr, as_data(static_cast<uintptr_t>(signal_number))) != 0 && errno != ESRCH) {
      fail_system(step_to_exit ? "PTRACE_SYSCALL" : "PTRACE_CONT", pid, errno);
    }
  }

  __ptrace_syscall_info syscall_info(pid_t pid) {
    __ptrace_syscall_info info{};
    if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, as_data(sizeof info), &info) <= 0) {
      if (errno == EIO || errno == EINVAL) {
        throw TraceError(TraceError::Kind::system,
                         "PTRACE_GET_SYSCALL_INFO is not supported by this kernel; boxfit needs Linux 5.3 or later");
      }
      if (errno != ESRCH) {
        fail_system("PTRACE_GET_SYSCALL_INFO", pid, errno);
      }
    }
    return info;
  }

  bool is_exec_call(seccomp::Abi abi, int number) const {
    const std::string name = syscall_name(abi, number);
    return name == "execve" || name == "execveat";
  }

  const TraceOptions& options_;
  const bool seccomp_stops_;  // a seccomp filter, not PTRACE_SYSCALL, stops calls at entry
  TraceResult result_;
  std::unordered_map<pid_t, Tracee> tracees_;
  pid_t main_pid_ = 0;
  bool started_ = false;  // true from the command's execve on
};

}  // namespace

std::set<std::string> default_argument_sensitive() { return {"clone", "clone3", "personality", "socket"}; }

TraceResult run_traced(const TraceOptions& options) {
  if (options.argv.empty()) {
    throw TraceError(TraceError::Kind::command_not_found, "no command to trace; give one after --");
  }
  return Tracer(options).run();
}

}  // namespace box::trace
