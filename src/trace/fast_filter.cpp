#include "trace/fast_filter.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "trace/error.h"
#include "seccomp/abi_names.h"
#include "trace/names.h"
#include "trace/unique_fd.h"

namespace box::trace {
namespace {

using FilterContext = std::unique_ptr<void, decltype(&seccomp_release)>;

[[noreturn]] void fail(const std::string& step, int result) {
  throw TraceError(TraceError::Kind::system,
                   "cannot build the fast-mode seccomp filter: " + step + " failed: " + std::strerror(-result));
}

// libseccomp reads the syscall number of a rule as a native (x86_64) number and translates
// it by name to each architecture of the context, so a number of another ABI goes through
// its name. Names that x86_64 lacks (socketcall) resolve to libseccomp's pseudo numbers.
int native_number(seccomp::Abi abi, int number) {
  if (abi == seccomp::Abi::x86_64) {
    return number;
  }
  const std::string name = syscall_name(abi, number);
  return seccomp_syscall_resolve_name(name.c_str());
}

FilterContext build_context(seccomp::Abi abi, const std::set<int>& allow) {
  FilterContext context(seccomp_init(SCMP_ACT_TRACE(0)), &seccomp_release);
  if (!context) {
    fail("seccomp_init", -ENOMEM);
  }
  if (int rc = seccomp_attr_set(context.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRACE(0)); rc != 0) {
    fail("seccomp_attr_set", rc);
  }
  if (abi != seccomp::Abi::x86_64) {
    if (int rc = seccomp_arch_remove(context.get(), SCMP_ARCH_NATIVE); rc != 0) {
      fail("seccomp_arch_remove", rc);
    }
    if (int rc = seccomp_arch_add(context.get(), libseccomp_arch(abi)); rc != 0) {
      fail("seccomp_arch_add", rc);
    }
  }
  for (int number : allow) {
    const int native = native_number(abi, number);
    if (native == __NR_SCMP_ERROR) {
      continue;  // libseccomp does not know the syscall, so it keeps stopping
    }
    if (int rc = seccomp_rule_add(context.get(), SCMP_ACT_ALLOW, native, 0); rc != 0) {
      fail("seccomp_rule_add for " + std::string(abi_name(abi)) + " syscall " + std::to_string(number), rc);
    }
  }
  return context;
}

std::vector<sock_filter> export_program(void* context) {
  UniqueFd file(memfd_create("boxfit-fast-filter", MFD_CLOEXEC));
  const int fd = file.get();
  if (fd < 0) {
    fail("memfd_create", -errno);
  }
  if (int rc = seccomp_export_bpf(context, fd); rc != 0) {
    fail("seccomp_export_bpf", rc);
  }
  const off_t size = lseek(fd, 0, SEEK_END);
  if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0) {
    fail("seccomp_export_bpf", -EINVAL);
  }
  std::vector<sock_filter> program(static_cast<std::size_t>(size) / sizeof(sock_filter));
  if (pread(fd, program.data(), static_cast<std::size_t>(size), 0) != size) {
    fail("reading the exported filter", -EIO);
  }
  return program;
}

}  // namespace

std::vector<sock_filter> build_fast_mode_filter(const std::map<seccomp::Abi, std::set<int>>& allow) {
#if !defined(__x86_64__)
  // The per-ABI contexts below assume that x86_64 is the native architecture.
  throw TraceError(TraceError::Kind::seccomp_unavailable, "the fast mode is implemented for x86_64 hosts only");
#endif
  static const std::set<int> kNone;
  FilterContext merged = build_context(seccomp::Abi::x86_64, allow.count(seccomp::Abi::x86_64) != 0
                                                                 ? allow.at(seccomp::Abi::x86_64)
                                                                 : kNone);
  for (seccomp::Abi abi : {seccomp::Abi::i386, seccomp::Abi::x32}) {
    auto found = allow.find(abi);
    FilterContext other = build_context(abi, found != allow.end() ? found->second : kNone);
    // seccomp_merge releases `other` on success.
    if (int rc = seccomp_merge(merged.get(), other.get()); rc != 0) {
      fail("seccomp_merge", rc);
    }
    other.release();
  }
  return export_program(merged.get());
}

}  // namespace box::trace
