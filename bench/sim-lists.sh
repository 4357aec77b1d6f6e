#!/usr/bin/env bash
# backup-sim at scale: every list call with 10,000 agents and five backup
# configurations each (median of 5 requests half a second apart, the world
# moving between them, after a first one printed apart), beside one small
# request (an agent's v2 status) measured in the same run as the floor.
# Goal: every list under 100 ms on this machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --quiet --release -p backup-sim
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
LOG="$(mktemp)"
T0="$(date +%s.%N)"
"$TARGET_DIR/release/backup-sim" --port "$PORT" --agents 10000 --configs-per-agent 5 >"$LOG" 2>&1 &
SIM=$!
trap 'kill "$SIM" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 600); do grep -q listening "$LOG" && break; sleep 0.05; done
STARTED="$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
BASE="http://127.0.0.1:$PORT/dfw"
H="X-Auth-Token: demo-token"
AGENT_V2="$(curl -s -H "$H" "$BASE/v2/123456/agents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["agents"][0]["id"])')"
AGENT_V1="$(curl -s -H "$H" "$BASE/v1.0/123456/user/agents" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["MachineAgentId"])')"
ms() { curl -s -o /dev/null -H "$H" -w '%{time_total}' "$1" | awk '{printf "%.1f", $1 * 1000}'; }
# The first request of a list after the sim starts (printed as "first");
# the median is of the five after it, half a second apart as a console that
# refreshes asks, while scheduled backups move the world between them.
median_ms() {
  for _ in 1 2 3 4 5; do sleep 0.5; curl -s -o /dev/null -H "$H" -w '%{time_total}\n' "$1"; done |
    sort -n | sed -n 3p | awk '{printf "%.1f", $1 * 1000}'
}
mb() { curl -s -o /dev/null -H "$H" -w '%{size_download}' "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
printf 'backup-sim, 10,000 agents x 5 configurations; %s cores, %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf 'sim started in %s s (listening after seeding the world and writing its lists once)\n' "$STARTED"
printf '%-58s %10s %8s %8s\n' "request (median of 5 after the first)" "ms" "MB" "first"
printf '%-58s %10s\n' "floor: one agent's v2 status" "$(median_ms "$BASE/v2/123456/agents/$AGENT_V2/status")"
for path in \
  "v1.0/123456/user/agents" \
  "v1.0/123456/backup-configuration" \
  "v1.0/123456/backup-configuration/system/$AGENT_V1" \
  "v1.0/123456/backup/availableforrestore" \
  "v1.0/123456/system/activity/$AGENT_V1" \
  "v2/123456/agents" \
  "v2/123456/configurations" \
  "v2/123456/agents/$AGENT_V2/configurations" \
  "v2/123456/backups?limit=1000" \
  "v2/123456/activities?limit=1000" \
  "v2/123456/restores?limit=1000" \
  "v2/123456/cleanups?limit=1000" \
  "v2/123456/events?limit=1000"; do
  first="$(ms "$BASE/$path")"
  printf '%-58s %10s %8s %8s\n' "GET /dfw/$path" "$(median_ms "$BASE/$path")" "$(mb "$BASE/$path")" "$first"
done
first="$(ms "$BASE/v1.0/123456/activity")"
printf '%-58s %10s %8s %8s\n' "GET /dfw/v1.0/123456/activity (whole history, no paging)" "$(median_ms "$BASE/v1.0/123456/activity")" "$(mb "$BASE/v1.0/123456/activity")" "$first"
# The physical floor of the longest list: its byte count as a static file
# from Python's file server over the same loopback.
BYTES="$(curl -s -o /dev/null -H "$H" -w '%{size_download}' "$BASE/v1.0/123456/backup-configuration")"
STATIC="$(mktemp -d)"
head -c "$BYTES" /dev/zero >"$STATIC/list.json"
FPORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$FPORT" --bind 127.0.0.1 --directory "$STATIC" >/dev/null 2>&1 &
FILES=$!
trap 'kill "$SIM" "$FILES" 2>/dev/null || true; rm -rf "$LOG" "$STATIC"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$FPORT/" && break; sleep 0.1; done
printf '%-58s %10s %8s\n' "floor: the same bytes as a static file (python http.server)" \
  "$(median_ms "http://127.0.0.1:$FPORT/list.json")" "$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}')"
echo "goal: every list < 100 ms"
