// Starts Azurite's Blob service (the version pinned in the repository root's
// package-lock.json) and lets the benchmark driver ask for a garbage
// collection pass. In-memory Azurite frees the data of deleted blobs only in
// those passes, every 10 minutes by default, so the repeated 1 GiB uploads
// would otherwise pile up in memory. On SIGUSR2 this runs one pass and then
// prints "bench-gc-done N", where N counts the passes; no other pass runs after
// the one at start-up. All arguments go to Azurite.
"use strict";
const path = require("path");

const blobRoot = path.join(__dirname, "..", "node_modules", "azurite", "dist", "src", "blob");
const BlobGCManager = require(path.join(blobRoot, "gc", "BlobGCManager.js")).default;

// The server constructs its BlobGCManager and calls start() on it. Keeping
// that instance lets a signal run markSweep() on it between runs.
const managers = [];
const originalStart = BlobGCManager.prototype.start;
// Its own timed passes are put off for 24 days (the longest setTimeout delay):
// a pass costs about 12 ms per blob, and one starting during a measured run
// would load the server that the run measures.
const longestDelayMs = 2 ** 31 - 1;
BlobGCManager.prototype.start = function startAndRemember(...args) {
  managers.push(this);
  this.gcIntervalInMS = longestDelayMs;
  return originalStart.apply(this, args);
};

let passes = 0;
let running = Promise.resolve();
process.on("SIGUSR2", () => {
  running = running.then(async () => {
    for (const manager of managers) await manager.markSweep();
    passes += 1;
    console.log(`bench-gc-done ${passes}`);
  }).catch((error) => console.log(`bench-gc-failed ${error.message}`));
});

require(path.join(blobRoot, "main.js"));
