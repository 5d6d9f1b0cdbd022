#!/usr/bin/env bash
# Builds the pinned Temporal CLI (dev server + embedded Web UI) from the Go module
# proxy into .tools/, once. Rebuilds only when the binary is missing or the pin changed.
# Built inside scripts/go-tools (one module with the twin's binaries: shared build cache).
# Why from source: these machines reach package registries only, so the SDK's
# download of a prebuilt CLI fails. Prints the binary's path on stdout.
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.5.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.tools/temporal-cli/$TEMPORAL_CLI_VERSION"
bin="$dest/temporal"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$TEMPORAL_CLI_VERSION"; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null || { echo "ensure-temporal-cli: Go is not installed; set TEMPORAL_CLI_PATH or put 'temporal' on PATH" >&2; exit 1; }
mkdir -p "$dest"
echo "ensure-temporal-cli: building temporal CLI v$TEMPORAL_CLI_VERSION from the Go module proxy (first time: several minutes)..." >&2
start=$(date +%s)
# shellcheck source=go-tools/build.sh
. "$root/scripts/go-tools/build.sh"
build_go_tool github.com/temporalio/cli "$TEMPORAL_CLI_VERSION" github.com/temporalio/cli/cmd/temporal "$bin" \
  "-X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_CLI_VERSION"
echo "ensure-temporal-cli: built in $(( $(date +%s) - start ))s -> $bin" >&2
echo "$bin"
