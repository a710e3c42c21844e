#!/usr/bin/env bash
# Benchmarks boxcopy against rclone, the Azure Storage JavaScript SDK, the
# Azure CLI and bare curl on one local Azurite, and boxfit against native runs
# and strace. Writes docs/benchmarks.md and raw JSON in bench/out/.
#
# Usage: bench/run.sh [--quick] [--boxcopy PATH] [--boxfit PATH] [more: bench/run.sh --help]
# boxcopy and boxfit default to build/bin/ and are left out when missing.
# Needs root for apt-get when a package is missing. A full run takes an
# about 32 minutes on 2 cores, and --quick about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

for argument in "$@"; do
  if [ "$argument" = "-h" ] || [ "$argument" = "--help" ]; then
    exec python3 bench/bench.py --help
  fi
done

# Debian packages of the peers and the measuring tools. Azure CLI is optional.
packages=(rclone time curl strace util-linux gcc python3 nodejs npm)
missing=()
for package in "${packages[@]}"; do
  if [ "$package" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$package" = npm ] && command -v npm >/dev/null; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
updated=no
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  apt-get update -qq && updated=yes
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v az >/dev/null; then
  echo "bench: installing azure-cli (optional)"
  [ "$updated" = yes ] || apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends azure-cli ||
    echo "bench: azure-cli could not be installed; the Azure CLI rows are left out"
fi

# Azurite (pinned in the root package-lock.json) and the JavaScript SDK (bench/package-lock.json).
if [ ! -x node_modules/.bin/azurite-blob ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -d bench/node_modules/@azure/storage-blob ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

exec python3 bench/bench.py "$@"
