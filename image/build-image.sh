#!/usr/bin/env bash
# Builds the boxcopy container image without a container engine: assembles
# the root file system, packs it with umoci into an OCI image layout, and
# writes OUT/boxcopy-oci.tar (an OCI archive that `podman load -i` and
# `skopeo copy oci-archive:` accept) and OUT/bundle (the same image unpacked as
# a runc bundle, used by the container tests).
# Usage: image/build-image.sh BINARY OUT
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY OUT" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
binary=$1
out=$(realpath -m "$2")
for tool in umoci tar; do
  command -v "$tool" >/dev/null || { echo "build-image: $tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

# The image's architecture is the build machine's, in OCI's names.
case "$(uname -m)" in
  x86_64) architecture=amd64 ;;
  aarch64) architecture=arm64 ;;
  *) echo "build-image: unsupported machine $(uname -m); use x86_64 or aarch64" >&2; exit 1 ;;
esac

rm -rf "$out/layout" "$out/bundle" "$out/boxcopy-oci.tar"
mkdir -p "$out"
umoci init --layout "$out/layout"
umoci new --image "$out/layout:latest"
umoci unpack --image "$out/layout:latest" "$out/bundle" >/dev/null
"$here/assemble-rootfs.sh" "$binary" "$out/bundle/rootfs"
umoci repack --image "$out/layout:latest" "$out/bundle" >/dev/null
umoci config --image "$out/layout:latest" \
  --config.entrypoint /usr/local/bin/boxcopy \
  --config.user 10001:10001 \
  --config.workingdir /home/boxcopy \
  --config.env HOME=/home/boxcopy \
  --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --os linux --architecture "$architecture" \
  --config.label org.opencontainers.image.title=boxcopy >/dev/null

# The runc bundle is unpacked from the finished image, so tests run what ships.
rm -rf "$out/bundle"
umoci unpack --image "$out/layout:latest" "$out/bundle" >/dev/null
tar -C "$out/layout" -cf "$out/boxcopy-oci.tar" .
echo "build-image: wrote $out/boxcopy-oci.tar and $out/bundle"
