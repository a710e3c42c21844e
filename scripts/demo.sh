#!/usr/bin/env bash
# The main job, end to end: starts a local Azurite, uploads a real system folder
# with `boxcopy copy --recursive`, downloads it into a fresh folder, compares
# every regular file byte for byte, prints both transfer summaries, and stops
# Azurite. Usage: scripts/demo.sh [FOLDER]   (default /usr/share/doc)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$(realpath "${1:-/usr/share/doc}")

scripts/install-deps.sh
scripts/build.sh >/dev/null
boxcopy=$PWD/build/bin/boxcopy

work=$(mktemp -d /tmp/boxcopy-demo.XXXXXX)
azurite_pid=
cleanup() {
  if [ -n "$azurite_pid" ]; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port, found by Node.js (already needed for Azurite).
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
(cd "$work" && exec "$OLDPWD/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
  --inMemoryPersistence --disableTelemetry --silent >"$work/azurite.log" 2>&1) &
azurite_pid=$!
for _ in $(seq 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

# Azurite's published development account; its key is public, not a secret.
account=devstoreaccount1
export AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$port/$account;"
export BOXCOPY_STATE_DIR="$work/state"
container_url="http://127.0.0.1:$port/$account/demo"
name=$(basename "$source_dir")

files=$(find "$source_dir" -type f | wc -l)
links=$(find "$source_dir" -type l | wc -l)
bytes=$(find "$source_dir" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
echo "== Source: $source_dir: $files regular files, $bytes bytes, $links symbolic links (skipped, as AzCopy does)"

echo "== boxcopy make $container_url"
"$boxcopy" make "$container_url"

echo "== Upload: boxcopy copy $source_dir $container_url --recursive"
up_start=$(date +%s.%N)
"$boxcopy" copy "$source_dir" "$container_url" --recursive || echo "upload exit status: $?"
up_end=$(date +%s.%N)

echo "== Download: boxcopy copy $container_url/$name $work/down --recursive"
mkdir "$work/down"
down_start=$(date +%s.%N)
"$boxcopy" copy "$container_url/$name" "$work/down" --recursive || echo "download exit status: $?"
down_end=$(date +%s.%N)

echo "== Comparing regular files byte for byte"
differences=0
compared=0
while IFS= read -r -d '' file; do
  relative=${file#"$source_dir"/}
  if ! cmp -s "$file" "$work/down/$name/$relative"; then
    echo "DIFFERENT OR MISSING: $relative"
    differences=$((differences + 1))
  fi
  compared=$((compared + 1))
done < <(find "$source_dir" -type f -print0)
extra=$(comm -13 <(cd "$source_dir" && find . -type f | sort) <(cd "$work/down/$name" && find . -type f | sort) | wc -l)

printf '== Result: %d files compared, %d different or missing, %d unexpected extra files\n' \
  "$compared" "$differences" "$extra"
awk -v a="$up_start" -v b="$up_end" -v c="$down_start" -v d="$down_end" \
  'BEGIN { printf "== Elapsed: upload %.1f s, download %.1f s\n", b - a, d - c }'
[ "$differences" -eq 0 ] && [ "$extra" -eq 0 ]
