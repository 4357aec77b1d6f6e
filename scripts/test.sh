#!/usr/bin/env bash
# Runs every test: formatting, clippy (native and wasm32), native unit and
# integration tests (client decoding, backup-sim over HTTP), browser tests in
# headless Chromium against a running backup-sim, and the end-to-end journeys
# on the release build. Exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy -p backup-console --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests (client decoding, domain rules, parser property tests, backup-sim over HTTP)"
cargo test -p backup-sim
cargo test -p backup-console --lib --test fixtures_decode --test fuzz_parsers --test crypto_keys

step "Rackspace's own SDK (python-cloudbackup-sdk, unmodified) drives backup-sim through every operation it has"
scripts/sdk-check.sh

step "browser tests (wasm-bindgen-test in headless Chromium, against backup-sim)"
cargo build -p backup-sim
SIM_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$TARGET_DIR/debug/backup-sim" --port "$SIM_PORT" --time-scale 0.05 >"$TARGET_DIR/browser-sim.log" 2>&1 &
SIM_PID=$!
trap 'kill "$SIM_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q "listening" "$TARGET_DIR/browser-sim.log" 2>/dev/null && break
  sleep 0.1
done
SIM_URL="http://127.0.0.1:$SIM_PORT" WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p backup-console --target wasm32-unknown-unknown --test browser
kill "$SIM_PID" 2>/dev/null || true
trap - EXIT

step "release builds (trunk build --release, wasm-opt applied): at / and at the sub-path /support/backup/"
trunk build --release
trunk build --release --public-url /support/backup/ --dist target/dist-subpath

step "bundle size (bench/bundle.sh --check: the gzip total must stay under the enforced ceiling)"
bench/bundle.sh --check --no-build

step "end-to-end journeys (WebDriver + headless Chromium; dist/ on backup-sim, and the sub-path build behind deploy/nginx.conf)"
cargo test -p backup-console --test e2e -- --test-threads=1

step "all tests passed"
