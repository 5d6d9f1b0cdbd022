#!/usr/bin/env bash
# Builds the production twin's Temporal binaries from the Go module proxy into
# .tools/, once, with pinned versions (rebuilt only when missing or the pin changed):
#   temporal-server     go.temporal.io/server/cmd/server            (the cluster itself)
#   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql         (schema create/upgrade)
#   temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server (standalone Web UI)
# inside scripts/go-tools (one module with the CLI: the server reuses the CLI's
# compiled packages), and copies the PostgreSQL schemas the server module ships next to them, so the
# twin never reads the Go module cache at run time.
# Why from source: these machines reach package registries only. CGO_ENABLED=0 as
# in the official builds (static binaries, no C toolchain needed).
# Prints `name=path` lines on stdout (server, sql, ui, schema).
set -euo pipefail
TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-1.29.1}"
TEMPORAL_UI_SERVER_VERSION="${TEMPORAL_UI_SERVER_VERSION:-2.42.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
server_dir="$root/.tools/temporal-server/$TEMPORAL_SERVER_VERSION"
ui_dir="$root/.tools/temporal-ui-server/$TEMPORAL_UI_SERVER_VERSION"
say() { echo "ensure-temporal-server: $*" >&2; }

need_go() {
  command -v go >/dev/null || { say "Go is not installed; set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH and TEMPORAL_SCHEMA_DIR, or put the binaries on PATH"; exit 1; }
}

# shellcheck source=go-tools/build.sh
. "$root/scripts/go-tools/build.sh"
build() { # module, version, package, destination file
  local start
  need_go
  start=$(date +%s)
  say "building $3@v$2 (first time: a few minutes)..."
  build_go_tool "$1" "$2" "$3" "$4"
  say "built in $(( $(date +%s) - start ))s -> $4"
}

[ -x "$server_dir/temporal-server" ] || build go.temporal.io/server "$TEMPORAL_SERVER_VERSION" go.temporal.io/server/cmd/server "$server_dir/temporal-server"
[ -x "$server_dir/temporal-sql-tool" ] || build go.temporal.io/server "$TEMPORAL_SERVER_VERSION" go.temporal.io/server/cmd/tools/sql "$server_dir/temporal-sql-tool"
[ -x "$ui_dir/temporal-ui-server" ] || build github.com/temporalio/ui-server/v2 "$TEMPORAL_UI_SERVER_VERSION" github.com/temporalio/ui-server/v2/cmd/server "$ui_dir/temporal-ui-server"

if [ ! -f "$server_dir/schema/postgresql/v12/temporal/schema.sql" ]; then
  need_go
  module_dir="$(GOFLAGS=-mod=mod go mod download -json "go.temporal.io/server@v$TEMPORAL_SERVER_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$module_dir/schema/postgresql/v12" ] || { say "no schema/postgresql/v12 in $module_dir"; exit 1; }
  rm -rf "$server_dir/schema.tmp" && mkdir -p "$server_dir/schema.tmp/postgresql"
  cp -R "$module_dir/schema/postgresql/v12" "$server_dir/schema.tmp/postgresql/"
  chmod -R u+w "$server_dir/schema.tmp"
  rm -rf "$server_dir/schema" && mv "$server_dir/schema.tmp" "$server_dir/schema"
  say "schemas copied -> $server_dir/schema"
fi

echo "server=$server_dir/temporal-server"
echo "sql=$server_dir/temporal-sql-tool"
echo "ui=$ui_dir/temporal-ui-server"
echo "schema=$server_dir/schema"
