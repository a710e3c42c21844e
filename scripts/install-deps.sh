#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12, as root:
# Debian packages, then the npm packages pinned in package-lock.json.
# Packages already installed are not installed again, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev libssl-dev openssl libpugixml-dev nlohmann-json3-dev libcli11-dev
  libspdlog-dev libfmt-dev libseccomp-dev libkeyutils-dev keyutils libsqlite3-dev
  libgtest-dev libgmock-dev
  gcc-multilib strace runc umoci skopeo time python3
)
# Node.js runs Azurite and the test token server. Debian's nodejs (18) is enough;
# an existing installation (for example a newer one from elsewhere) is kept.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs)
fi
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x node_modules/.bin/azurite-blob ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
