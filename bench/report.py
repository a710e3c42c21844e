"""Writes docs/benchmarks.md from a run's results: the machine, tool versions,
one table per case, the boxfit section, and each target as met or missed."""

import os
import platform

# Text from this marker to the end of an existing report is kept when the
# report is rewritten, so profiling notes written by hand survive new runs.
KEEP_MARKER = "<!-- Notes below this line are written by hand and kept when bench/run.sh rewrites this file. -->"

PEERS_NOTE = ("Peers: rclone, the JavaScript SDK and the Azure CLI. curl is the bare-HTTP floor "
              "(one Put Blob or Get Blob request), a reference and not a peer.")


def machine_info():
    model = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        memory_kib = int(meminfo.readline().split()[1])
    try:
        with open("/etc/debian_version") as debian:
            system = "Debian " + debian.read().strip()
    except OSError:
        system = platform.platform()
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(memory_kib / 2**20, 1),
            "kernel": platform.release(), "system": system}


def _format(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def _ratio(value, base):
    if value is None or not base:
        return "–"
    return f"{value / base:.2f}×"


def best_peer(case, key):
    values = [tool["summary"][key] for tool in case["tools"].values()
              if tool["peer"] and tool["summary"][key] is not None]
    return min(values) if values else None


def case_table(case):
    lines = [f"### {case['title']}", "", f"Data: {case['data']}.", "",
             "| tool | runs | wall s | MiB/s | files/s | client CPU s | peak RSS MiB | server CPU s "
             "| wall / best peer | CPU / best peer | RSS / best peer | CPU / curl |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    curl = case["tools"].get("curl", {}).get("summary", {}).get("cpu")
    best = {key: best_peer(case, key) for key in ("wall", "cpu", "rss_mib")}
    for name, tool in case["tools"].items():
        summary = tool["summary"]
        wall = summary["wall"]
        rate = case["bytes"] / 2**20 / wall if wall else None
        files = case["files"] / wall if wall and case["files"] > 1 else None
        runs = f"{summary['runs']}" + (f" ({summary['failed']} failed)" if summary["failed"] else "")
        lines.append(f"| {name} | {runs} | {_format(wall)} | {_format(rate, 0)} | {_format(files, 0)} "
                     f"| {_format(summary['cpu'])} | {_format(summary['rss_mib'], 1)} "
                     f"| {_format(summary['server_cpu'])} | {_ratio(wall, best['wall'])} "
                     f"| {_ratio(summary['cpu'], best['cpu'])} | {_ratio(summary['rss_mib'], best['rss_mib'])} "
                     f"| {_ratio(summary['cpu'], curl)} |")
    failures = [f"- {name} run {index + 1}: {run['problem']} (log {run['log']})"
                for name, tool in case["tools"].items()
                for index, run in enumerate(tool["runs"]) if not run["ok"]]
    if failures:
        lines += ["", "Failed runs (left out of the medians):", *failures]
    return lines + [""]


def _cell(text):
    """Escapes the pipe characters of a shell command inside a Markdown table cell."""
    return text.replace("|", "\\|")


def _verdict(value, limit):
    if value is None or limit is None:
        return "not measured"
    return "met" if value <= limit else "missed"


def copy_targets(results):
    """Returns table rows (target, case, boxcopy, limit, verdict) for the copy targets."""
    rows = []
    for case in results["cases"]:
        boxcopy = case["tools"].get("boxcopy", {}).get("summary", {})
        curl = case["tools"].get("curl", {}).get("summary", {}).get("cpu")
        if case["operation"].endswith("file") and curl:
            # The target is without MD5: curl hashes nothing, while boxcopy checks a download's MD5 by default.
            unhashed = case["tools"].get("boxcopy-no-md5", {}).get("summary", boxcopy)
            rows.append(("client CPU s without MD5 ≤ 1.5× curl", case["title"], unhashed.get("cpu"), 1.5 * curl))
        if case["operation"].endswith("dir") and case["data_key"] != "system":
            peer = best_peer(case, "cpu")
            rows.append(("small files: client CPU s ≤ 0.5× best peer", case["title"], boxcopy.get("cpu"),
                         0.5 * peer if peer else None))
        peer_rss = best_peer(case, "rss_mib")
        rows.append(("peak RSS MiB ≤ 0.5× best peer", case["title"], boxcopy.get("rss_mib"),
                     0.5 * peer_rss if peer_rss else None))
        peer_wall = best_peer(case, "wall")
        rows.append(("wall s ≤ 1.05× best peer", case["title"], boxcopy.get("wall"),
                     1.05 * peer_wall if peer_wall else None))
    return rows


def boxfit_targets(section):
    rows = []
    for workload in section["workloads"]:
        modes = workload["modes"]
        native = modes.get("native", {}).get("wall")
        strace = modes.get("strace", {}).get("wall")
        if "boxfit check" in modes or section["boxfit"] is None:
            rows.append(("boxfit check wall s ≤ 1.05× native", workload["workload"],
                         modes.get("boxfit check", {}).get("wall"), 1.05 * native if native else None))
        if strace is not None:
            rows.append(("boxfit trace wall s ≤ 0.7× strace -f -c", workload["workload"],
                         modes.get("boxfit trace", {}).get("wall"), 0.7 * strace))
    return rows


def boxfit_lines(section):
    lines = ["## boxfit", "",
             "Every run is pinned to CPU 0 with `taskset -c 0`, tracer and tracee alike. Under ptrace each "
             "system call stops the tracee and wakes the tracer. On one CPU that is a direct switch between "
             "two processes. Across CPUs each stop also needs a cross-CPU wake-up, which on this 2-core "
             "virtual machine costs several times more and varies from run to run.",
             "", "Modes: `boxfit check --profile docker`. `boxfit run --profile docker` loads Docker's profile "
             "into the kernel as a container does, so it shows what the profile alone costs. `boxfit trace` "
             "stops each call once. `boxfit trace --errors` stops each call at entry and exit to count "
             "errors, as `strace -f -c` does.",
             "", "Modes alternate run by run (native, check, trace, strace, native, …) with no warm-up "
             "round, because the calibration runs before them already fill the page cache. Each workload is "
             "sized on the machine itself. The long getppid loop and the tar loop run at least 10 s natively "
             "(about 2 s with --quick). The short getppid loop runs about 4 s under strace (1 s with --quick), "
             "because ptrace makes each call tens of times slower and the long loop would take many minutes "
             "there. The long loop runs natively and under check and run, the short one natively and under "
             "the three tracers, the tar loop natively and under check, trace and strace.",
             "", f"strace: {section['strace_version']}.", "",
             "| workload | mode | runs | wall s | / native | / strace -f -c |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for workload in section["workloads"]:
        native = workload["modes"].get("native", {}).get("wall")
        strace = workload["modes"].get("strace", {}).get("wall")
        for mode, summary in workload["modes"].items():
            lines.append(f"| {_cell(workload['workload'])} | {mode} | {summary['runs']} | {_format(summary['wall'])} "
                         f"| {_ratio(summary['wall'], native)} | {_ratio(summary['wall'], strace)} |")
    lines.append("")
    startup = section.get("startup")
    if startup:
        native, checked = startup.get("native"), startup.get("boxfit check")
        extra = (checked - native) * 1000 if native is not None and checked is not None else None
        lines += [f"Start-up: `boxfit check --profile docker -- /bin/true` takes {_format(checked, 3)} s against "
                  f"{_format(native, 3)} s for `/bin/true` alone (medians of 20 runs, 5 with --quick), "
                  f"so boxfit adds {_format(extra, 1)} ms.", ""]
    else:
        lines += ["boxfit was not found, so only the native and strace rows were measured.", ""]
    return lines


def target_lines(rows):
    lines = ["## Targets", "",
             "| target | case or workload | boxcopy or boxfit | limit | result |", "| --- | --- | ---: | ---: | --- |"]
    for target, case, value, limit in rows:
        lines.append(f"| {target} | {_cell(case)} | {_format(value)} | {_format(limit)} | {_verdict(value, limit)} |")
    return lines + [""]


def _big_file_label(results):
    """Returns the size label of the single-file cases, such as "1 GiB" ("128 MiB" with --quick)."""
    for case in results.get("cases", []):
        if case["operation"].endswith("file"):
            return case["title"].split(" file")[0]
    return "1 GiB"


def header_lines(results):
    machine = results["machine"]
    big = _big_file_label(results)
    lines = ["# Benchmarks", ""]
    if results["quick"]:
        lines += ["**Quick run: smaller data sets and fewer runs than the full benchmark. "
                  "These numbers check the harness and are not the record.**", ""]
    lines += [f"Command: `{results['command'].strip()}` (from the repository root), started {results['started']}, "
              f"took {results['elapsed_s'] / 60:.1f} min.", "",
              f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB memory, "
              f"kernel {machine['kernel']}, {machine['system']}.", "",
              "Tool versions:", ""]
    lines += [f"- {name}: {version}" for name, version in sorted(results.get("versions", {}).items())]
    lines += ["", "## Method", "",
              "- One Azurite (in memory, `--disableTelemetry`, 127.0.0.1) serves every case. After each upload "
              f"run the driver deletes the container. After each upload of the {big} file it also has Azurite "
              "run one garbage collection pass, outside the measured time, to free the data. Azurite's own "
              "timed passes are turned off, because a pass costs about 12 ms per blob of server CPU and would "
              "load the server during a measured run; small-file uploads stay in memory until the end.",
              f"- Tools alternate run by run (A B C, A B C, …): {results['warmups']} warm-up and "
              f"{results['runs']} counted runs per tool and case. Tables show medians of the counted runs.",
              "- Every upload goes to a new container that is deleted after the run, and every download to a "
              "new local folder that is deleted after the run. Each run is checked: the file count and bytes "
              "must match the source, or the run counts as failed.",
              "- Wall: seconds from start to exit. Client CPU: user + system seconds of the tool and all its "
              "child processes; peak RSS: the largest resident set of any of them (both from GNU time, "
              "which uses wait4). Server CPU: Azurite's utime + stime from /proc/PID/stat, before and after "
              "the run.",
              f"- Parallelism: {results['concurrency']} for every peer that takes a setting (rclone "
              "`--transfers` for folders and its default 16 block uploads for one file, the SDK's "
              "`concurrency` and its pool of files, the Azure CLI's `--max-connections`). Otherwise the "
              "tools run with their defaults, so boxcopy checks a download's MD5 when the blob has one "
              "(`--check-md5 FailIfDifferent`, AzCopy's default). `boxcopy-no-md5` is boxcopy with "
              f"`--check-md5 NoCheck`, measured on the {big} download for the target against curl, which "
              "hashes nothing.",
              f"- {PEERS_NOTE}", ""]
    return lines


def write(results, path):
    lines = header_lines(results)
    if results["cases"]:
        lines += ["## Copy cases", ""]
        for case in results["cases"]:
            lines += case_table(case)
    rows = copy_targets(results) if results["cases"] else []
    if results.get("boxfit"):
        lines += boxfit_lines(results["boxfit"])
        rows += boxfit_targets(results["boxfit"])
    lines += target_lines(rows)

    kept = ""
    if os.path.exists(path):
        with open(path) as old:
            text = old.read()
        if KEEP_MARKER in text:
            kept = text[text.index(KEEP_MARKER):]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as file:
        file.write("\n".join(lines) + "\n" + (kept or KEEP_MARKER + "\n"))
