"""Runs one command and measures it: wall time, the CPU time and peak RSS of
the whole process tree (from GNU time, which uses wait4), and the CPU time a server process used
meanwhile (from /proc/PID/stat)."""

import os
import signal
import subprocess
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TIME = "/usr/bin/time"


def process_cpu_seconds(pid):
    """Returns utime + stime of a live process, all its threads included."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name (field 2) may contain spaces, so split after its closing bracket.
        fields = stat.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def run(argv, env, log_path, server_pid=None, timeout=900, cwd=None):
    """Runs argv to completion under GNU time, with stdout and stderr in log_path.

    Returns a dict with wall, user, sys, cpu (seconds), rss_mib (peak RSS of the
    largest process in the tree, as getrusage reports it), server_cpu (seconds,
    when server_pid is given), exit_code and timed_out. CPU time covers every
    descendant that its parent waited for, which is all of them for the tools here.
    GNU time starts the command because a child forked from this Python process
    would report Python's own RSS as its peak.
    """
    stats_path = f"{log_path}.time"
    timed = [TIME, "--quiet", "-o", stats_path, "-f", "%U %S %M", *argv]
    server_before = process_cpu_seconds(server_pid) if server_pid else 0.0
    with open(log_path, "wb") as log:
        start = time.monotonic()
        child = subprocess.Popen(timed, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        exit_status, timed_out = _wait(child, start + timeout)
        wall = time.monotonic() - start
    server_after = process_cpu_seconds(server_pid) if server_pid else 0.0
    user, system, rss_kib = _read_time_stats(stats_path)
    return {
        "wall": wall,
        "user": user,
        "sys": system,
        "cpu": user + system,
        "rss_mib": rss_kib / 1024.0,
        "server_cpu": server_after - server_before,
        "exit_code": os.waitstatus_to_exitcode(exit_status),
        "timed_out": timed_out,
    }


def _read_time_stats(path):
    """Returns (user seconds, system seconds, peak RSS KiB) from GNU time's output
    file, or zeros when the command was killed before time wrote it."""
    try:
        with open(path) as stats:
            last = stats.read().strip().splitlines()[-1]
        user, system, rss = last.split()
        return float(user), float(system), int(rss)
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0, 0


def _wait(child, deadline):
    """Waits for child with a blocking waitpid. A timer kills the child's process
    group (its own, from start_new_session) if the deadline passes first."""
    timed_out = threading.Event()

    def kill_group():
        timed_out.set()
        os.killpg(child.pid, signal.SIGKILL)

    timer = threading.Timer(max(0.0, deadline - time.monotonic()), kill_group)
    timer.start()
    try:
        _, status = os.waitpid(child.pid, 0)
    except BaseException:
        # Interrupted (Ctrl-C or SIGTERM to the driver): end the command's group too.
        os.killpg(child.pid, signal.SIGKILL)
        os.waitpid(child.pid, 0)
        raise
    finally:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return status, timed_out.is_set()
