#!/usr/bin/env bash
# Prints raw, gzip (-9) and brotli (q11) bytes of every file index.html loads,
# and their total, against the ceiling CI enforces (issue 19: 360 KB gzip for
# everything index.html loads, with all the features of the open issues):
# `bench/bundle.sh --check` fails when the gzip total is over it, or when a
# file's precompressed .gz or .br is missing (scripts/test.sh runs it that way).
# Then the wasm's cost per module group (bench/wasm-groups.js): each screen,
# widget and layer of the console, and the libraries.
#   --no-build   measure dist/ as it is
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
CEILING_GZIP=360000
check=0
build=1
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --no-build) build=0 ;;
    *) echo "usage: bench/bundle.sh [--check] [--no-build]" >&2; exit 2 ;;
  esac
done
[ "$build" -eq 1 ] && trunk build --release >/dev/null 2>&1
status=0
node - "$ROOT/dist" "$CEILING_GZIP" "$check" <<'JS' || status=$?
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const [dist, ceiling, check] = [process.argv[2], Number(process.argv[3]), process.argv[4] === "1"];
const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
// Everything index.html makes the browser fetch: scripts, preloads, styles.
// Quoted or not (the release build's HTML is minified).
const refs = [...html.matchAll(/(?:src|href)=(?:"([^"]+)"|([^\s>"]+))/g)].map(m => m[1] || m[2]).filter(r => !r.startsWith("http") && r !== "/");
// config.json (preloaded) is each deployment's own file, not the build's.
const files = ["index.html", ...new Set(refs.map(r => path.basename(r)).filter(f => f !== "config.json"))];
let total = { raw: 0, gzip: 0, br: 0 };
console.log(`${"file".padEnd(44)} ${"raw".padStart(10)} ${"gzip -9".padStart(10)} ${"brotli".padStart(10)}`);
for (const f of files) {
  const data = fs.readFileSync(path.join(dist, f));
  const gz = zlib.gzipSync(data, { level: 9 }).length;
  const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total.raw += data.length; total.gzip += gz; total.br += br;
  console.log(`${f.padEnd(44)} ${String(data.length).padStart(10)} ${String(gz).padStart(10)} ${String(br).padStart(10)}`);
}
console.log(`${"total".padEnd(44)} ${String(total.raw).padStart(10)} ${String(total.gzip).padStart(10)} ${String(total.br).padStart(10)}`);
const verdict = (limit) => (total.gzip <= limit ? "within" : "OVER by " + (total.gzip - limit));
console.log(`ceiling (enforced by --check): gzip total <= ${ceiling} bytes: ${verdict(ceiling)}`);
// The release build writes each file's .gz and .br beside it (scripts/precompress.js).
const missing = files.flatMap(f => [".gz", ".br"].map(e => f + e)).filter(f => !fs.existsSync(path.join(dist, f)));
console.log(`precompressed .gz and .br beside every file: ${missing.length ? "MISSING " + missing.join(", ") : "yes"}`);
if (check && (total.gzip > ceiling || missing.length)) process.exit(1);
JS
# What each module group costs (issue 19): the wasm trunk just built, before
# wasm-opt, with its names kept.
cargo_wasm="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/release/backup-console.wasm"
if [ -f "$cargo_wasm" ]; then
  named="$(mktemp -d)"
  wasm-bindgen --target web --keep-debug --out-dir "$named" "$cargo_wasm"
  node "$ROOT/bench/wasm-groups.js" "$named/backup-console_bg.wasm" "$(gzip -9 -c "$ROOT"/dist/*_bg.wasm | wc -c)"
  rm -rf "$named"
fi
exit "$status"
