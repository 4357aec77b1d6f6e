#!/usr/bin/env bash
# Requests made and time until every agent has a confirmed status, for 1,000
# agents (or `--agents N`) at --latency-ms 100, in headless Chromium, beside
# the naive walk, and the longest main-thread task; prints the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/setup.sh >/dev/null
trunk build --release >/dev/null 2>&1
cargo run --quiet --release -p backup-bench --bin status -- "$@"
