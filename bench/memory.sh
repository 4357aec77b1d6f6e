#!/usr/bin/env bash
# Memory of one console tab over 8 simulated hours (8 minutes, backup-sim at
# 60x) on 10,000 agents: JS heap, wasm memory and DOM size every 30 s, and
# the end against the first minute; prints them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/setup.sh >/dev/null
trunk build --release >/dev/null 2>&1
cargo run --quiet --release -p backup-bench --bin memory
