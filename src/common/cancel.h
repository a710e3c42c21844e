// Cancellation of a running job by SIGINT or SIGTERM. The signal handler only
// sets a flag; HTTP transfers, retries and job scheduling check it and stop.
#pragma once

namespace box {

// Installs SIGINT and SIGTERM handlers that request cancellation. A second
// signal while the job is stopping ends the process at once, by the signal's
// default action, without cleaning up.
void install_cancel_handlers();

// Returns true once a handled signal has requested cancellation.
bool cancel_requested();

// Returns the signal number that requested cancellation, or 0.
int cancel_signal();

// Returns "SIGINT" or "SIGTERM", or "signal" for any other number.
const char* signal_name(int signal_number);

// Throws box::Error (cancelled) when cancellation was requested.
void throw_if_cancelled();

}  // namespace box
