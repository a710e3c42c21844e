#!/usr/bin/env bash
# Regenerates image/boxcopy-seccomp.json, boxcopy's own default-deny seccomp
# profile: runs boxcopy's command-line tests with every boxcopy run traced by
# `boxfit trace`, merges the traces, and lets `boxfit generate` add the calls
# runc and crun make between loading the filter and starting the program.
# Usage: image/generate-profile.sh   (after scripts/build.sh; takes a few minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
boxfit=$PWD/build/bin/boxfit
if [ ! -x "$boxfit" ] || [ ! -x build/bin/boxcopy ]; then
  echo "generate-profile: build first with scripts/build.sh" >&2
  exit 1
fi

traces=$(mktemp -d /tmp/boxcopy-traces.XXXXXX)
trap 'rm -rf "$traces"' EXIT
# The tests' own checks are not the point here, since every run is traced;
# a failing test still leaves the trace of what boxcopy did.
BOXCOPY_TEST_TRACE_DIR=$traces BOXCOPY_TEST_BOXFIT=$boxfit \
  ctest --test-dir build -R '^(CopyRoundTrip|CopyBehaviour|CommandTest|LoginCli|DoctorCommand)\.' \
  -j"$(nproc)" >"$traces/ctest.log" 2>&1 || echo "generate-profile: some traced tests failed, because boxfit adds its table to their output; their traces are kept"

args=()
for trace in "$traces"/trace-*.json; do
  args+=(--from "$trace")
done
echo "generate-profile: merging ${#args[@]} arguments' worth of traces ($((${#args[@]} / 2)) runs)"
# The kernel keyring is not namespaced, so boxcopy's profile denies it as the
# runtimes' defaults do, and logins use the file store in the state folder.
"$boxfit" generate --exclude add_key,keyctl,request_key "${args[@]}" -o image/boxcopy-seccomp.json
echo "generate-profile: wrote image/boxcopy-seccomp.json"
