# Sourced by scripts/ensure-temporal-{cli,server}.sh: builds one pinned Go binary.
# When the version asked for is the one pinned in scripts/go-tools/go.mod, it is
# built inside that module (one dependency graph and build cache for the CLI and
# the twin's binaries, see go.mod); any other version is built in its own module
# graph with `go install pkg@version`.

go_tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Prints the version go-tools/go.mod pins for a module (e.g. v1.29.1), or nothing.
go_tools_pin() {
  awk -v m="$1" '$1 == m { print $2; exit }' "$go_tools_dir/go.mod"
}

# build_go_tool MODULE VERSION PACKAGE DEST [LDFLAGS]
# Builds PACKAGE (of MODULE at VERSION, no leading v) into the file DEST, via a
# scratch file so a half-built binary never shows up. CGO off, as in the official builds.
build_go_tool() {
  local module=$1 version=$2 package=$3 dest=$4 ldflags=${5:-} tmp
  tmp="$(mktemp -d)"
  if [ "$(go_tools_pin "$module")" = "v$version" ]; then
    CGO_ENABLED=0 go build -C "$go_tools_dir" -trimpath -ldflags "$ldflags" -o "$tmp/bin" "$package" >&2
  else
    echo "build: $module v$version is not the version pinned in scripts/go-tools/go.mod; building it in its own module graph" >&2
    GOBIN="$tmp" CGO_ENABLED=0 GOFLAGS=-mod=mod go install -trimpath -ldflags "$ldflags" "$package@v$version" >&2
    mv "$tmp"/* "$tmp/bin.tmp" && mv "$tmp/bin.tmp" "$tmp/bin"
  fi
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/bin" "$dest"
  rm -rf "$tmp"
}
