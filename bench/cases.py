"""The copy cases: their data sets, made once per run, and what a correct
upload or download of each one contains."""

import os
import shutil

def case_list(sizes):
    """Returns (title, operation, data set) for every case, titled with its sizes.
    Uploads read the local data set; downloads fetch the copy that the driver
    uploaded once, before the case, into a seed container."""
    big = _size_label(sizes["big_bytes"])
    many = f"{sizes['files100k_count']:,} x 100 KiB"
    tiny = f"{sizes['files4k_count']:,} x 4 KiB"
    return [
        (f"{big} file upload", "upload-file", "big"),
        (f"{big} file download", "download-file", "big"),
        (f"{many} upload", "upload-dir", "files100k"),
        (f"{many} download", "download-dir", "files100k"),
        (f"{tiny} upload", "upload-dir", "files4k"),
        ("System folder upload", "upload-dir", "system"),
        ("System folder download", "download-dir", "system"),
    ]


def _size_label(size):
    return f"{size / 2**30:g} GiB" if size >= 2**30 else f"{size / 2**20:g} MiB"


# Tools per data set. The Azure CLI takes part only in the 100 KiB file cases:
# it is the slowest peer by far, and the 30-minute budget of a full run has no
# room for it on 10,000 files or the system folder.
TOOLS_PER_DATA_SET = {
    "big": ["boxcopy", "boxcopy-no-md5", "rclone", "js-sdk", "curl"],
    "files100k": ["boxcopy", "rclone", "js-sdk", "azure-cli"],
    "files4k": ["boxcopy", "rclone", "js-sdk"],
    "system": ["boxcopy", "rclone", "js-sdk"],
}


class DataSet:
    """One data set on disk: a single file, or a folder whose name becomes
    the blob prefix. expected maps relative names to sizes (regular files only,
    because every tool here skips symbolic links)."""

    def __init__(self, key, path, is_file):
        self.key = key
        self.path = path
        self.is_file = is_file
        self.name = os.path.basename(path)
        self.expected = _regular_files(path) if not is_file else {self.name: os.path.getsize(path)}

    def refresh(self):
        """Lists a system folder again, because package installs change it during a run."""
        if not self.is_file:
            self.expected = _regular_files(self.path)

    def total_bytes(self):
        return sum(self.expected.values())

    def describe(self):
        if self.is_file:
            return f"one file of {self.total_bytes() / 2**20:.0f} MiB"
        return f"{len(self.expected)} files, {self.total_bytes() / 2**20:.1f} MiB ({self.path})"


def _regular_files(root):
    files = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if os.path.isfile(path) and not os.path.islink(path):
                files[os.path.relpath(path, root)] = os.path.getsize(path)
    return files


def _write_random_files(folder, count, size):
    os.makedirs(folder, exist_ok=True)
    for index in range(count):
        path = os.path.join(folder, f"f{index:05d}.bin")
        if not os.path.exists(path) or os.path.getsize(path) != size:
            with open(path, "wb") as file:
                file.write(os.urandom(size))


def _write_random_file(path, size):
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    chunk = 8 * 2**20
    with open(path + ".partial", "wb") as file:
        for offset in range(0, size, chunk):
            file.write(os.urandom(min(chunk, size - offset)))
    os.replace(path + ".partial", path)


def make_data_sets(data_dir, sizes, system_folder):
    """Creates (or reuses, when their sizes match) the generated data sets under data_dir.
    sizes: big_bytes, files100k_count, files4k_count."""
    os.makedirs(data_dir, exist_ok=True)
    big_dir = os.path.join(data_dir, "big")
    os.makedirs(big_dir, exist_ok=True)
    big = os.path.join(big_dir, "big.bin")
    _write_random_file(big, sizes["big_bytes"])

    sets = {"big": DataSet("big", big, True)}
    for key, count, size in (("files100k", sizes["files100k_count"], 100 * 1024),
                             ("files4k", sizes["files4k_count"], 4 * 1024)):
        folder = os.path.join(data_dir, key)
        if os.path.isdir(folder) and len(os.listdir(folder)) != count:
            shutil.rmtree(folder)
        _write_random_files(folder, count, size)
        sets[key] = DataSet(key, folder, False)
    sets["system"] = DataSet("system", os.path.realpath(system_folder), False)
    return sets


def local_files(root):
    """Returns {relative name: size} of the regular files under root."""
    return _regular_files(root)
