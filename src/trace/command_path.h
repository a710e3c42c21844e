// Finding a command's file on PATH the way execvp(3) does, before fork, so that the traced child
// makes exactly one execve.
#pragma once

#include <string>

namespace box::trace {

// Returns the file execvp would run for `name`: `name` itself when it contains a slash, else the first
// executable regular file called `name` in the PATH entries, in order. An empty entry is the current
// directory, and without PATH the entries of confstr(_CS_PATH) apply. Throws TraceError command_not_found
// when no entry has such a file, and command_not_runnable when one has it but it is not executable.
// NOTE: execvp hands a file without a #! line that execve rejects (ENOEXEC) to /bin/sh; boxfit's execv
// does not, so such a script fails with "Exec format error".
std::string find_command(const std::string& name);

}  // namespace box::trace
