#!/usr/bin/env bash
# Load time over an emulated 10 Mbit/s, 40 ms link in headless Chromium, cold
# and warm cache, to the sign-in form and from sign-in to the table (12 and
# 10,000 agents), beside a plain page fetching the same files; through the
# demo server and through deploy/nginx.conf (the sub-path build); prints them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/setup.sh >/dev/null
trunk build --release >/dev/null 2>&1
trunk build --release --public-url /support/backup/ --dist target/dist-subpath >/dev/null 2>&1
cargo run --quiet --release -p backup-bench --bin load
