#!/usr/bin/env bash
# Builds the CLI once into one JavaScript file, so `bin/cascade` starts with
# plain node instead of compiling TypeScript on every run (tsx: about a second
# of CPU per command). `npm run build` runs it; `bin/cascade` runs it when the
# build is missing or older than one of its sources.
#
# The bundle sits one folder below the project root (dist/cascade-cli.js): code
# that finds the project from its own folder (`path.resolve(__dirname, '..')`)
# then still finds it. Packages stay in node_modules (not bundled).
#
# Written to a temporary name and renamed: CLIs started at the same moment
# (tests run several) never load a half-written file.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
out="$root/dist/cascade-cli.js"
tmp="$out.$$.tmp"
mkdir -p "$root/dist"
cd "$root"
node_modules/.bin/esbuild client/cli/main.ts --bundle --platform=node --target=node20 --format=cjs \
  --packages=external --tsconfig=tsconfig.json --log-level=error --metafile="$tmp.meta" --outfile="$tmp"
# The sources the bundle was built from, one path a line: bin/cascade rebuilds when one is newer.
node -e '
  const fs = require("node:fs");
  const meta = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const inputs = [...Object.keys(meta.inputs), "tsconfig.json", "scripts/build-cli.sh"];
  process.stdout.write(inputs.map((p) => require("node:path").resolve(p)).join("\n") + "\n");
' "$tmp.meta" > "$tmp.inputs"
rm -f "$tmp.meta"
mv "$tmp.inputs" "$out.inputs"
mv "$tmp" "$out"
