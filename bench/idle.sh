#!/usr/bin/env bash
# Requests per minute of one idle console tab on 10,000 agents (admin and
# observer) beside the unbudgeted walk, in headless Chromium; prints the
# figures. Takes about five minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/setup.sh >/dev/null
trunk build --release >/dev/null 2>&1
cargo run --quiet --release -p backup-bench --bin idle
