// Running a program under a resolved profile with a real seccomp filter.
//
// The parent builds the filter with libseccomp and exports it as BPF. The child sets no_new_privs, loads the
// filter with SECCOMP_FILTER_FLAG_NEW_LISTENER, stores the listener fd number in shared memory and spins until
// the parent has copied the listener with pidfd_getfd. The spin makes no system call, so the filter never
// reports one of boxfit's own calls. Then the child execs the program. The listener fd is close-on-exec, so the program never sees it.
#include "seccomp/sandbox.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <set>

#include "seccomp/abi_names.h"
#include "seccomp/syscall_table.h"

namespace box::seccomp {
namespace {

constexpr int kX32SyscallBit = 0x40000000;

// Shared between parent and child: the child's listener fd (or -errno), then the parent's release flag.
struct Handshake {
  std::atomic<int> listener{0};
  std::atomic<int> released{0};
};

std::string errno_message(const char* what) { return std::string(what) + " failed: " + std::strerror(errno); }

uint32_t libseccomp_arch(Abi abi) {
  switch (abi) {
    case Abi::x86_64: return SCMP_ARCH_X86_64;
    case Abi::i386: return SCMP_ARCH_X86;
    case Abi::x32: return SCMP_ARCH_X32;
    case Abi::aarch64: return SCMP_ARCH_AARCH64;
  }
  return SCMP_ARCH_NATIVE;
}

// Builds the filter and returns it as BPF instructions.
std::vector<sock_filter> build_filter(const ResolvedProfile& resolved) {
  scmp_filter_ctx context = seccomp_init(SCMP_ACT_NOTIFY);
  if (context == nullptr) throw SandboxError("seccomp_init failed; libseccomp or the kernel lacks user notification");

  for (Abi abi : resolved.abis) seccomp_arch_add(context, libseccomp_arch(abi));
  if (!resolved.abis.contains(host_abi())) seccomp_arch_remove(context, SCMP_ARCH_NATIVE);
  // runc loads filters without no_new_privs from libseccomp; boxfit sets it itself in the child.
  seccomp_attr_set(context, SCMP_FLTATR_CTL_NNP, 0);

  std::set<std::string> names;
  for (const auto& [abi, numbers] : unconditionally_allowed(resolved)) {
    for (int number : numbers) names.insert(std::string(*syscall_table(abi).name(number)));
  }
  for (const auto& name : names) {
    const int number = seccomp_syscall_resolve_name(name.c_str());
    // Names libseccomp does not know, or that some added architecture lacks, are left to the notification path.
    if (number != __NR_SCMP_ERROR) seccomp_rule_add(context, SCMP_ACT_ALLOW, number, 0);
  }

  FILE* buffer = tmpfile();
  if (buffer == nullptr) {
    seccomp_release(context);
    throw SandboxError(errno_message("tmpfile"));
  }
  const int exported = seccomp_export_bpf(context, fileno(buffer));
  seccomp_release(context);
  std::vector<sock_filter> program;
  if (exported == 0) {
    const long size = lseek(fileno(buffer), 0, SEEK_END);
    program.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
    pread(fileno(buffer), program.data(), program.size() * sizeof(sock_filter), 0);
  }
  fclose(buffer);
  if (program.empty()) throw SandboxError("seccomp_export_bpf failed: " + std::string(std::strerror(-exported)));
  return program;
}

[[noreturn]] void run_child(Handshake& handshake, std::vector<sock_filter>& program, const std::string& path,
                            const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    handshake.listener.store(-errno);
    _exit(127);
  }
  sock_fprog filter{static_cast<unsigned short>(program.size()), program.data()};
  const long listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &filter);
  if (listener < 0) {
    handshake.listener.store(-errno);
    _exit(127);
  }
  handshake.listener.store(static_cast<int>(listener));
  while (handshake.released.load() == 0) {
    // Spin without system calls until the parent has its copy of the listener.
  }
  execv(path.c_str(), args.data());
  _exit(127);
}

int take_listener(pid_t child, Handshake& handshake) {
  int listener = 0;
  while ((listener = handshake.listener.load()) == 0) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) throw SandboxError("the child exited before loading the filter");
    usleep(200);
  }
  if (listener < 0) {
    errno = -listener;
    throw SandboxError(errno_message("loading the seccomp filter"));
  }
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
  if (pidfd < 0) throw SandboxError(errno_message("pidfd_open"));
  const int copy = static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, listener, 0));
  close(pidfd);
  if (copy < 0) throw SandboxError(errno_message("pidfd_getfd"));
  handshake.released.store(1);
  return copy;
}

Abi abi_of(const seccomp_data& data, int& number) {
  number = data.nr;
  if (data.arch == AUDIT_ARCH_I386) return Abi::i386;
  if (data.arch == AUDIT_ARCH_AARCH64) return Abi::aarch64;
  if ((number & kX32SyscallBit) != 0) {
    number &= ~kX32SyscallBit;
    return Abi::x32;
  }
  return Abi::x86_64;
}

void answer(int listener, const ResolvedProfile& resolved, SandboxResult& result,
            const std::function<void(const DeniedCall&)>& on_denied) {
  seccomp_notif* request = nullptr;
  seccomp_notif_resp* response = nullptr;
  if (seccomp_notify_alloc(&request, &response) != 0) throw SandboxError("seccomp_notify_alloc failed");
  if (seccomp_notify_receive(listener, request) != 0) {
    seccomp_notify_free(request, response);
    return;  // the calling task died before the request was read
  }

  DeniedCall call;
  call.pid = static_cast<pid_t>(request->pid);
  call.abi = abi_of(request->data, call.number);
  for (std::size_t i = 0; i < call.args.size(); ++i) call.args[i] = request->data.args[i];
  call.verdict = evaluate(resolved, call.abi, call.number, call.args);

  response->id = request->id;
  response->val = 0;
  response->error = 0;
  response->flags = 0;
  if (call.verdict.allowed()) {
    response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  } else if (call.verdict.action == Action::errno_ret) {
    response->error = -call.verdict.errno_value;
  } else {
    // Kill and trap actions: end the process the way seccomp does, with SIGSYS.
    response->error = -ENOSYS;
    kill(call.pid, SIGSYS);
  }
  if (!call.verdict.allowed()) {
    on_denied(call);
    result.denied.push_back(call);
  }
  seccomp_notify_respond(listener, response);
  seccomp_notify_free(request, response);
}

}  // namespace

SandboxResult run_under_profile(const ResolvedProfile& resolved, const std::string& path,
                                const std::vector<std::string>& argv,
                                const std::function<void(const DeniedCall&)>& on_denied) {
  if (argv.empty()) throw SandboxError("missing command");
  std::vector<sock_filter> program = build_filter(resolved);

  void* shared = mmap(nullptr, sizeof(Handshake), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw SandboxError(errno_message("mmap"));
  auto* handshake = new (shared) Handshake;

  const pid_t child = fork();
  if (child < 0) throw SandboxError(errno_message("fork"));
  if (child == 0) run_child(*handshake, program, path, argv);

  SandboxResult result;
  const int listener = take_listener(child, *handshake);
  munmap(shared, sizeof(Handshake));
  while (true) {
    pollfd entry{listener, POLLIN, 0};
    if (poll(&entry, 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if ((entry.revents & POLLIN) != 0) {
      answer(listener, resolved, result, on_denied);
      continue;
    }
    if ((entry.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) break;
  }
  close(listener);

  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace box::seccomp
