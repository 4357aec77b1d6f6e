#!/usr/bin/env bash
# Drives backup-sim with Rackspace's own SDK (python-cloudbackup-sdk 0.20.0,
# unmodified, installed by scripts/setup.sh) through every operation it has,
# v1 and v2: sim/sdk-check/drive.py. Exits non-zero if any step fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --quiet -p backup-sim
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$TARGET_DIR/sdk-check-sim.log"
"$TARGET_DIR/debug/backup-sim" --port "$PORT" --time-scale 0.1 >"$LOG" 2>&1 &
SIM=$!
trap 'kill "$SIM" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$LOG" && break; sleep 0.1; done
# -W ignore: the SDK's own Python 2 idioms (`is` with literals) warn under Python 3.
PYTHONPATH="$BC_SDK" "$BC_SDK/venv/bin/python" -W ignore sim/sdk-check/drive.py "127.0.0.1:$PORT" 2>&1 |
  grep -v '^\(INFO\|WARNING\|DEBUG\)'
