"""Benchmark driver: runs the copy cases against one Azurite and the boxfit
workloads, then writes the raw results (JSON) and the report (Markdown).
bench/run.sh installs the peers and calls this; see its usage text."""

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import sys
import time

import azurite_server
import blob
import boxfit_bench
import cases
import measure
import report
import tools

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FULL_SIZES = {"big_bytes": 2**30, "files100k_count": 1000, "files4k_count": 10000}
# Uploads of at least this many bytes are freed in Azurite after their run.
GARBAGE_COLLECTION_BYTES = 256 * 2**20
QUICK_SIZES = {"big_bytes": 128 * 2**20, "files100k_count": 200, "files4k_count": 1000}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="smaller data sets, 1 counted run, shorter boxfit workloads")
    parser.add_argument("--boxcopy", default=os.environ.get("BOXCOPY_BIN", os.path.join(ROOT, "build/bin/boxcopy")),
                        help="boxcopy binary; skipped when it does not exist (default: build/bin/boxcopy)")
    parser.add_argument("--boxfit", default=os.environ.get("BOXFIT_BIN", os.path.join(ROOT, "build/bin/boxfit")),
                        help="boxfit binary; skipped when it does not exist (default: build/bin/boxfit)")
    parser.add_argument("--boxcopy-sas", action="store_true",
                        help="give boxcopy a SAS in the URL instead of AZURE_STORAGE_CONNECTION_STRING")
    parser.add_argument("--runs", type=int, help="counted runs per tool and case (default 3, quick 1)")
    parser.add_argument("--warmups", type=int, default=1, help="warm-up runs per tool and copy case (default 1; the boxfit workloads have none)")
    parser.add_argument("--cases", help="comma-separated case numbers to run, 1-based (default: all)")
    parser.add_argument("--tools", help="comma-separated tool names to run (default: all available)")
    parser.add_argument("--no-copy", action="store_true", help="skip the copy cases")
    parser.add_argument("--no-boxfit", action="store_true", help="skip the boxfit workloads")
    parser.add_argument("--system-folder",
                        help="real folder to upload and download (default /usr/share/doc, quick: /usr/share/zoneinfo)")
    parser.add_argument("--doc", help="report path (default docs/benchmarks.md, quick: bench/out/benchmarks-quick.md)")
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="raw results, logs and data (default bench/out)")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.runs < 1 or args.warmups < 0:
        parser.error(f"invalid --runs {args.runs} or --warmups {args.warmups}: need runs >= 1, warmups >= 0")
    if args.system_folder is None:
        args.system_folder = "/usr/share/zoneinfo" if args.quick else "/usr/share/doc"
    if args.doc is None:
        args.doc = os.path.join(HERE, "out", "benchmarks-quick.md") if args.quick else os.path.join(ROOT, "docs", "benchmarks.md")
    return args


def summarize(runs):
    """Returns the medians of the counted, successful runs, and how many there were."""
    good = [run for run in runs if run["counted"] and run["ok"]]
    summary = {"runs": len(good), "failed": sum(1 for run in runs if not run["ok"])}
    for key in ("wall", "cpu", "user", "sys", "rss_mib", "server_cpu"):
        summary[key] = statistics.median(run[key] for run in good) if good else None
    return summary


class CopyBench:
    """Runs the copy cases, alternating the tools run by run."""

    def __init__(self, args, azurite, account, work_dir, data_sets, tool_list):
        self.args = args
        self.azurite = azurite
        self.account = account
        self.work_dir = work_dir
        self.data_sets = data_sets
        self.tools = {tool.name: tool for tool in tool_list}
        self.counter = 0

    def run_case(self, title, operation, data_key):
        data = self.data_sets[data_key]
        names = [name for name in cases.TOOLS_PER_DATA_SET[data_key]
                 if name in self.tools and self.tools[name].takes_part(operation)]
        seed = self._seed(data) if operation.startswith("download") else None
        runs = {name: [] for name in names}
        for round_index in range(self.args.warmups + self.args.runs):
            for name in names:
                result = self._run_once(self.tools[name], operation, data, seed)
                result["counted"] = round_index >= self.args.warmups
                runs[name].append(result)
                _print_run(title, name, result)
        if seed:
            self.account.delete_container(seed)
        return {"title": title, "operation": operation, "data_key": data_key, "data": data.describe(),
                "bytes": data.total_bytes(), "files": len(data.expected),
                "tools": {name: {"summary": summarize(runs[name]), "runs": runs[name],
                                 "peer": self.tools[name].is_peer} for name in names}}

    def _seed(self, data):
        """Uploads the data set once with curl (one file) or the SDK (a folder)."""
        container = f"seed-{data.key.lower()}"
        self.account.delete_container(container)
        self.account.create_container(container)
        operation = "upload-file" if data.is_file else "upload-dir"
        seeder = self.tools.get("curl") if data.is_file else None
        seeder = seeder or tools.JavaScriptSdk(self.account, self.work_dir)
        argv = seeder.command(operation, data.path, (container, data.name))
        result = measure.run(argv, seeder.env(), os.path.join(self.work_dir, f"seed-{data.key}.log"))
        problem = self._check_upload(container, data)
        if result["exit_code"] != 0 or problem:
            raise RuntimeError(f"seeding {container} failed ({problem or result['exit_code']}); "
                               f"see {self.work_dir}/seed-{data.key}.log")
        return container

    def _run_once(self, tool, operation, data, seed):
        self.counter += 1
        if data.key == "system":
            data.refresh()
        log = os.path.join(self.work_dir, "logs", f"{self.counter:04d}-{tool.name}-{operation}-{data.key}.log")
        if operation.startswith("upload"):
            container = f"run-{self.counter:04d}"
            self.account.create_container(container)
            argv = tool.command(operation, data.path, (container, data.name))
            result = measure.run(argv, tool.env(), log, server_pid=self.azurite.pid)
            problem = self._check_upload(container, data)
            self.account.delete_container(container)
            # A pass takes about 12 ms per blob on 2 cores (120 s after a
            # 10,000-blob container), so only the big file's runs, whose data
            # would otherwise fill memory, are collected.
            if data.total_bytes() >= GARBAGE_COLLECTION_BYTES:
                self.azurite.collect_garbage()
        else:
            target_dir = os.path.join(self.work_dir, f"download-{self.counter:04d}")
            os.makedirs(target_dir)
            target = os.path.join(target_dir, data.name) if data.is_file else target_dir
            argv = tool.command(operation, (seed, data.name), target)
            result = measure.run(argv, tool.env(), log, server_pid=self.azurite.pid)
            problem = _compare(cases.local_files(target_dir), _expected_names(data))
            shutil.rmtree(target_dir)
        result["command"] = _redact(argv)
        result["log"] = os.path.relpath(log, self.work_dir)
        result["problem"] = problem or ("timed out" if result["timed_out"] else "")
        if result["exit_code"] != 0 and not result["problem"]:
            result["problem"] = f"exit code {result['exit_code']}"
        result["ok"] = not result["problem"]
        return result

    def _check_upload(self, container, data):
        return _compare(self.account.list_blobs(container), _expected_names(data))


def _expected_names(data):
    if data.is_file:
        return dict(data.expected)
    return {f"{data.name}/{name}": size for name, size in data.expected.items()}


def _compare(found, expected):
    """Returns '' when found has as many files and bytes as expected, else what differs."""
    if len(found) == len(expected) and sum(found.values()) == sum(expected.values()):
        return ""
    missing = sorted(set(expected) - set(found))[:3]
    return (f"expected {len(expected)} files and {sum(expected.values())} bytes, found {len(found)} "
            f"and {sum(found.values())}; missing for example {missing}")


def _redact(argv):
    """Replaces the account key and SAS signatures in a recorded command line."""
    redacted = []
    for arg in argv:
        arg = arg.replace(blob.ACCOUNT_KEY, "<dev-account-key>")
        if "sig=" in arg:
            arg = arg.split("sig=")[0] + "sig=<signature>"
        redacted.append(arg)
    return redacted


def _print_run(title, name, result):
    state = "ok" if result["ok"] else f"FAILED: {result['problem']}"
    label = "run" if result["counted"] else "warm-up"
    print(f"  {title:28} {name:14} {label:7} wall {result['wall']:7.2f} s  cpu {result['cpu']:6.2f} s  "
          f"rss {result['rss_mib']:7.1f} MiB  server {result['server_cpu']:6.2f} s  {state}", flush=True)


def selected_cases(args, sizes):
    chosen = list(enumerate(cases.case_list(sizes), start=1))
    if args.cases:
        wanted = {int(number) for number in args.cases.split(",")}
        chosen = [(number, case) for number, case in chosen if number in wanted]
    return [case for _, case in chosen]


def make_tools(args, account, work_dir):
    tool_list = [tools.Boxcopy(account, work_dir, args.boxcopy, args.boxcopy_sas),
                 tools.BoxcopyNoMd5(account, work_dir, args.boxcopy, args.boxcopy_sas),
                 tools.Rclone(account, work_dir), tools.JavaScriptSdk(account, work_dir),
                 tools.AzureCli(account, work_dir), tools.Curl(account, work_dir)]
    wanted = set(args.tools.split(",")) if args.tools else None
    available = []
    for tool in tool_list:
        if wanted is not None and tool.name not in wanted:
            continue
        if not tool.available():
            print(f"bench: skipping {tool.name}: not installed or not found", flush=True)
            continue
        if isinstance(tool, tools.AzureCli):
            tool.prepare()
        available.append(tool)
    return available


def run_copy_section(args, work_dir, results):
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    print("bench: preparing data sets", flush=True)
    data_sets = cases.make_data_sets(os.path.join(args.out, "data"), sizes, args.system_folder)
    # Room for the seed copies and the upload in progress of the big file
    # (the driver has Azurite free each big upload after its run), plus every
    # small-file upload of the whole run, which is never freed (see _run_once).
    runs_per_tool = args.runs + args.warmups
    small_uploads = sum(data.total_bytes() for key, data in data_sets.items() if key != "big")
    extent_mib = int((3 * sizes["big_bytes"] + 2**30 + small_uploads * runs_per_tool * 5) / 2**20)
    azurite = azurite_server.Azurite(os.path.join(work_dir, "azurite"), extent_mib)
    azurite.start()
    try:
        account = blob.Account(azurite.port)
        tool_list = make_tools(args, account, work_dir)
        results["versions"] = {tool.name: tool.version() for tool in tool_list}
        results["versions"]["azurite"] = azurite.version()
        results["azurite"] = {"extent_memory_mib": extent_mib}
        bench = CopyBench(args, azurite, account, work_dir, data_sets, tool_list)
        results["cases"] = [bench.run_case(*case) for case in selected_cases(args, sizes)]
    finally:
        azurite.stop()


def main(argv):
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the running command and Azurite are stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    work_dir = os.path.join(args.out, f"run-{stamp}")
    os.makedirs(os.path.join(work_dir, "logs"), exist_ok=True)
    started = time.monotonic()
    results = {"started": stamp, "quick": args.quick, "runs": args.runs, "warmups": args.warmups,
               "command": "bench/run.sh " + " ".join(argv), "machine": report.machine_info(),
               "concurrency": tools.CONCURRENCY, "cases": [], "boxfit": None}
    if not args.no_copy:
        run_copy_section(args, work_dir, results)
    if not args.no_boxfit:
        results["boxfit"] = boxfit_bench.run_section(args, work_dir)
    results["elapsed_s"] = time.monotonic() - started

    raw_path = os.path.join(args.out, f"results-{stamp}.json")
    with open(raw_path, "w") as file:
        json.dump(results, file, indent=1)
    shutil.copyfile(raw_path, os.path.join(args.out, "results-latest.json"))
    report.write(results, args.doc)
    print(f"bench: finished in {results['elapsed_s'] / 60:.1f} min; raw results {raw_path}; report {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
