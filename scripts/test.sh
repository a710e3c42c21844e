#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test. Tests start their own
# Azurite and token servers on 127.0.0.1; nothing else is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure --timeout 600 -j"$(nproc)" "$@"
