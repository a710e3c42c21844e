// Copies files with the Azure Storage JavaScript SDK (@azure/storage-blob), as
// a user of that SDK would: uploadFile with parallel blocks for one file, and
// a bounded pool of parallel single-file transfers for a folder.
// Usage:
//   node sdk.js upload-file FILE CONTAINER BLOB
//   node sdk.js download-file CONTAINER BLOB FILE
//   node sdk.js upload-dir DIR CONTAINER PREFIX
//   node sdk.js download-dir CONTAINER PREFIX DIR
// Authentication: AZURE_STORAGE_CONNECTION_STRING. Parallelism:
// BENCH_CONCURRENCY (default 16), used for blocks of one file and for files of a folder.
"use strict";
const fs = require("fs");
const path = require("path");
const { BlobServiceClient } = require("@azure/storage-blob");

const concurrency = Number(process.env.BENCH_CONCURRENCY || "16");

// Returns every regular file under root (symbolic links are skipped, as AzCopy does).
async function listFiles(root) {
  const files = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) files.push(full);
    }
  }
  return files;
}

// Runs worker(item) for every item, with at most `limit` running at a time.
async function forEachLimited(items, limit, worker) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item);
    }
  });
  await Promise.all(runners);
}

async function main(argv) {
  const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
  if (!connectionString) throw new Error("AZURE_STORAGE_CONNECTION_STRING is not set");
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const [command, ...args] = argv;

  if (command === "upload-file") {
    const [file, container, blob] = args;
    await service.getContainerClient(container).getBlockBlobClient(blob).uploadFile(file, { concurrency });
  } else if (command === "download-file") {
    const [container, blob, file] = args;
    await service.getContainerClient(container).getBlobClient(blob).downloadToFile(file);
  } else if (command === "upload-dir") {
    const [dir, container, prefix] = args;
    const client = service.getContainerClient(container);
    const files = await listFiles(dir);
    await forEachLimited(files, concurrency, async (file) => {
      const name = path.posix.join(prefix, path.relative(dir, file).split(path.sep).join("/"));
      await client.getBlockBlobClient(name).uploadFile(file);
    });
  } else if (command === "download-dir") {
    const [container, prefix, dir] = args;
    const client = service.getContainerClient(container);
    const names = [];
    for await (const blob of client.listBlobsFlat({ prefix: prefix + "/" })) names.push(blob.name);
    await forEachLimited(names, concurrency, async (name) => {
      const file = path.join(dir, ...name.split("/"));
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await client.getBlobClient(name).downloadToFile(file);
    });
  } else {
    throw new Error(`unknown command '${command}': expected upload-file, download-file, upload-dir or download-dir`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`sdk.js: ${error.message}`);
  process.exit(1);
});
