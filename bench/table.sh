#!/usr/bin/env bash
# The agents table at 10,000 agents in headless Chromium, beside a plain-DOM
# baseline page (bench/baseline/) in the same run; prints the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/setup.sh >/dev/null
trunk build --release >/dev/null 2>&1
cargo run --quiet --release -p backup-bench --bin table
