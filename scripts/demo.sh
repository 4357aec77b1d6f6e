#!/usr/bin/env bash
# Builds the console (release, wasm-opt applied) and serves it with the
# embedded backup-sim as the API: one origin, no proxy needed.
#   PORT=9000 scripts/demo.sh      (default 8080)
# Extra arguments go to backup-sim, e.g. `scripts/demo.sh --agents 10000`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PORT="${PORT:-8080}"

scripts/setup.sh
trunk build --release
cargo build --release -p backup-sim

cat <<MSG

Backup Console is at  http://127.0.0.1:$PORT/

Sign in with a token:    Token demo-token    Tenant ID 123456    Region DFW
Or through Identity:     User name demo      API key demo-key          (admin)
                         User name observer  API key observer-key      (read-only)
Encrypted vaults' password: demo-passphrase

MSG
exec "$TARGET_DIR/release/backup-sim" --port "$PORT" --serve "$ROOT/dist" "$@"
