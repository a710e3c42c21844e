#!/usr/bin/env bash
# Assembles the runtime file system of the boxcopy image into ROOTFS, without
# Docker: the binary, every shared library it links (found with ldd), CA
# certificates, and passwd/group entries for the non-root user boxcopy (10001).
# The Dockerfile's runtime stage and build-image.sh both call this script, so
# the two images cannot drift apart.
# Usage: image/assemble-rootfs.sh BINARY ROOTFS
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY ROOTFS" >&2
  exit 2
fi
binary=$(realpath "$1")
rootfs=$2
if [ ! -x "$binary" ]; then
  echo "assemble-rootfs: '$binary' is not an executable file; build it first (scripts/build.sh)" >&2
  exit 1
fi
if [ ! -f /etc/ssl/certs/ca-certificates.crt ]; then
  echo "assemble-rootfs: /etc/ssl/certs/ca-certificates.crt is missing; install the ca-certificates package" >&2
  exit 1
fi

mkdir -p "$rootfs"/{usr/local/bin,etc/ssl/certs,tmp,home/boxcopy}
chmod 1777 "$rootfs/tmp"
# Stripped: the debug information of a RelWithDebInfo build is most of its size.
install -m 0755 --strip "$binary" "$rootfs/usr/local/bin/boxcopy"

# Each library keeps its path, so the dynamic loader finds it where ldd did.
copy_with_parents() {
  local path=$1
  mkdir -p "$rootfs$(dirname "$path")"
  cp -L "$path" "$rootfs$path"
}
# A static binary has no libraries, and ldd then exits non-zero.
{ ldd "$binary" 2>/dev/null || true; } | awk '/=> \// { print $3; next } $1 ~ /^\// { print $1 }' | sort -u |
  while read -r library; do
    copy_with_parents "$library"
  done

cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
boxcopy:x:10001:10001:boxcopy:/home/boxcopy:/usr/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
boxcopy:x:10001:
GROUP
cat >"$rootfs/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS
printf '127.0.0.1 localhost\n::1 localhost\n' >"$rootfs/etc/hosts"
chown -R 10001:10001 "$rootfs/home/boxcopy" 2>/dev/null || true
chmod 0700 "$rootfs/home/boxcopy"
