"""Starts and stops the one Azurite Blob service that every case of a run uses."""

import json
import os
import signal
import socket
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))



def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Azurite:
    """An in-memory Azurite on 127.0.0.1 with telemetry disabled."""

    def __init__(self, work_dir, extent_memory_mib):
        self.work_dir = work_dir
        self.extent_memory_mib = extent_memory_mib
        self.port = free_port()
        self.process = None
        self.gc_passes = 0
        self.log_path = os.path.join(work_dir, "azurite.log")

    def version(self):
        package = os.path.join(HERE, "..", "node_modules", "azurite", "package.json")
        with open(package) as file:
            return "Azurite " + json.load(file)["version"]

    def start(self):
        os.makedirs(self.work_dir, exist_ok=True)
        argv = ["node", os.path.join(HERE, "azurite.js"), "--blobHost", "127.0.0.1",
                "--blobPort", str(self.port), "--inMemoryPersistence", "--disableTelemetry",
                "--extentMemoryLimit", str(self.extent_memory_mib)]
        env = dict(os.environ)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(argv, cwd=self.work_dir, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Azurite exited with status {self.process.returncode}; see {self.log_path}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Azurite did not listen on 127.0.0.1:{self.port} within 60 s; see {self.log_path}")

    # A pass after a 10,000-blob container took 120 s on 2 cores. So the driver
    # collects only after big-file runs, whose passes take a second or two.
    def collect_garbage(self, timeout=600):
        """Runs one Azurite garbage collection pass (see azurite.js), so that the
        data of deleted containers is freed before the next run."""
        self.gc_passes += 1
        os.kill(self.process.pid, signal.SIGUSR2)
        done = f"bench-gc-done {self.gc_passes}\n"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path) as log:
                text = log.read()
            if done in text:
                return
            if "bench-gc-failed" in text:
                raise RuntimeError(f"Azurite garbage collection failed; see {self.log_path}")
            time.sleep(0.05)
        raise RuntimeError(f"Azurite garbage collection timed out after {timeout} s; see {self.log_path}")

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
