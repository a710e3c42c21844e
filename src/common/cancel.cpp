#include "common/cancel.h"

#include <signal.h>

#include <atomic>
#include <string>

#include "common/error.h"

namespace box {
namespace {

// Lock-free, so the handler may touch it (async-signal-safe).
std::atomic<int> requested_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

void on_signal(int signal_number) {
  int expected = 0;
  if (!requested_signal.compare_exchange_strong(expected, signal_number)) {
    // Second signal: stop now with the default action (signal and raise are async-signal-safe).
    signal(signal_number, SIG_DFL);
    raise(signal_number);
  }
}

}  // namespace

void install_cancel_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  // Restarting interrupted system calls keeps file and socket loops unaffected.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool cancel_requested() { return requested_signal.load(std::memory_order_relaxed) != 0; }

int cancel_signal() { return requested_signal.load(); }

const char* signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal";
  }
}

void throw_if_cancelled() {
  if (const int number = cancel_signal(); number != 0) {
    throw Error(ErrorKind::cancelled, std::string("cancelled by ") + signal_name(number));
  }
}

}  // namespace box
