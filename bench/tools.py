"""The copy tools the benchmark compares: how each one uploads and downloads
a file or a folder, its environment, and its version."""

import json
import os
import shutil
import subprocess

import blob

HERE = os.path.dirname(os.path.abspath(__file__))

# Peers get the same parallelism: blocks of one file (rclone, SDK) or files of
# a folder (rclone --transfers, SDK pool, Azure CLI --max-connections).
CONCURRENCY = 16


def no_outside_proxy_env():
    """Environment that sends any non-loopback HTTP(S) request to a closed
    loopback port, so a tool that tries to reach the internet fails at once."""
    return {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
            "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
            "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}


class Tool:
    """One copy tool. command() returns the argv for an operation, or None
    when the tool does not take part in that operation."""

    name = ""
    is_peer = True

    def __init__(self, account, work_dir):
        self.account = account
        self.work_dir = work_dir

    def available(self):
        return True

    def takes_part(self, operation):
        return True

    def env(self):
        env = dict(os.environ)
        env.update(no_outside_proxy_env())
        return env

    def version(self):
        return ""

    def command(self, operation, source, target):
        """operation: upload-file, download-file, upload-dir or download-dir.
        For uploads, source is a local path and target is (container, blob name
        or folder prefix). For downloads, source is (container, name) and target
        is a local file, or the folder to download into."""
        raise NotImplementedError


def _first_line(argv, env=None):
    try:
        output = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    lines = output.strip().splitlines()
    return lines[0] if lines else "unknown"


class Boxcopy(Tool):
    name = "boxcopy"
    is_peer = False

    def __init__(self, account, work_dir, binary, use_sas):
        super().__init__(account, work_dir)
        self.binary = binary
        self.use_sas = use_sas

    def available(self):
        return bool(self.binary) and os.access(self.binary, os.X_OK)

    def env(self):
        env = super().env()
        env["BOXCOPY_STATE_DIR"] = os.path.join(self.work_dir, "boxcopy-state")
        if not self.use_sas:
            env["AZURE_STORAGE_CONNECTION_STRING"] = self.account.connection_string()
        return env

    def version(self):
        return _first_line([self.binary, "--version"])

    def _url(self, container, name=""):
        url = f"{self.account.url}/{container}" + (f"/{name}" if name else "")
        return f"{url}?{self.account.container_sas(container)}" if self.use_sas else url

    def command(self, operation, source, target):
        if operation == "upload-file":
            return [self.binary, "copy", source, self._url(*target)]
        if operation == "download-file":
            return [self.binary, "copy", self._url(*source), target]
        if operation == "upload-dir":
            # AzCopy semantics: the folder's own name becomes the blob prefix.
            return [self.binary, "copy", source, self._url(target[0]), "--recursive"]
        return [self.binary, "copy", self._url(*source), target, "--recursive"]


class BoxcopyNoMd5(Boxcopy):
    """boxcopy downloading without its default MD5 check, for the target that
    compares client CPU with curl's bare Get Blob, which hashes nothing."""

    name = "boxcopy-no-md5"

    def takes_part(self, operation):
        return operation == "download-file"

    def command(self, operation, source, target):
        return super().command(operation, source, target) + ["--check-md5", "NoCheck"]


class Rclone(Tool):
    name = "rclone"

    def env(self):
        env = super().env()
        config = os.path.join(self.work_dir, "rclone.conf")
        open(config, "a").close()
        env.update({
            "RCLONE_CONFIG": config,
            "RCLONE_CONFIG_BENCH_TYPE": "azureblob",
            "RCLONE_CONFIG_BENCH_USE_EMULATOR": "true",
            "RCLONE_CONFIG_BENCH_ENDPOINT": self.account.url,
            "RCLONE_CONFIG_BENCH_ACCOUNT": blob.ACCOUNT,
            "RCLONE_CONFIG_BENCH_KEY": blob.ACCOUNT_KEY,
        })
        return env

    def available(self):
        return shutil.which("rclone") is not None

    def version(self):
        return _first_line(["rclone", "version"])

    def command(self, operation, source, target):
        if operation == "upload-file":
            return ["rclone", "copyto", source, f"bench:{target[0]}/{target[1]}"]
        if operation == "download-file":
            return ["rclone", "copyto", f"bench:{source[0]}/{source[1]}", target]
        if operation == "upload-dir":
            return ["rclone", "copy", source, f"bench:{target[0]}/{target[1]}",
                    "--transfers", str(CONCURRENCY)]
        return ["rclone", "copy", f"bench:{source[0]}/{source[1]}", os.path.join(target, source[1]),
                "--transfers", str(CONCURRENCY)]


class JavaScriptSdk(Tool):
    name = "js-sdk"

    def env(self):
        env = super().env()
        env["AZURE_STORAGE_CONNECTION_STRING"] = self.account.connection_string()
        env["BENCH_CONCURRENCY"] = str(CONCURRENCY)
        return env

    def version(self):
        package = os.path.join(HERE, "node_modules", "@azure", "storage-blob", "package.json")
        try:
            with open(package) as file:
                sdk = json.load(file)["version"]
        except OSError:
            return "not installed"
        return f"@azure/storage-blob {sdk} on Node.js {_first_line(['node', '--version'])}"

    def command(self, operation, source, target):
        script = os.path.join(HERE, "sdk.js")
        if operation in ("upload-file", "upload-dir"):
            return ["node", script, operation, source, target[0], target[1]]
        return ["node", script, operation, source[0], source[1], target]


class AzureCli(Tool):
    name = "azure-cli"

    def env(self):
        env = super().env()
        env["AZURE_CONFIG_DIR"] = os.path.join(self.work_dir, "azure-config")
        env["AZURE_CORE_COLLECT_TELEMETRY"] = "0"
        env["AZURE_CORE_SURVEY_MESSAGE"] = "false"
        return env

    def available(self):
        return shutil.which("az") is not None

    def prepare(self):
        """Turns telemetry off in the Azure CLI's own configuration folder too."""
        subprocess.run(["az", "config", "set", "core.collect_telemetry=false", "--only-show-errors"],
                       env=self.env(), capture_output=True, check=True, timeout=300)

    def version(self):
        return "azure-cli " + _first_line(["dpkg-query", "-W", "-f=${Version}", "azure-cli"])

    def command(self, operation, source, target):
        common = ["--connection-string", self.account.connection_string(),
                  "--max-connections", str(CONCURRENCY), "--only-show-errors", "-o", "none"]
        if operation == "upload-dir":
            return ["az", "storage", "blob", "upload-batch", "-d", target[0], "-s", source,
                    "--destination-path", target[1], *common]
        if operation == "download-dir":
            return ["az", "storage", "blob", "download-batch", "-s", source[0], "-d", target,
                    "--pattern", f"{source[1]}/*", *common]
        return None


class Curl(Tool):
    """The bare-HTTP floor: one Put Blob or one Get Blob with a service SAS."""

    name = "curl"
    is_peer = False

    def version(self):
        return _first_line(["curl", "--version"])

    def command(self, operation, source, target):
        if operation == "upload-file":
            return ["curl", "-sS", "--fail", "-X", "PUT", "-H", "x-ms-blob-type: BlockBlob",
                    "-H", "Expect:", "-T", source, self.account.blob_url(*target)]
        if operation == "download-file":
            return ["curl", "-sS", "--fail", "-o", target, self.account.blob_url(*source)]
        return None
