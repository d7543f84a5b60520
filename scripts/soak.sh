#!/usr/bin/env bash
# Soak and dashboard figures for kwebcast ("Prove it"; results in docs/reliability.md and
# docs/performance.md). Loopback only; bounded in time; cleans up after itself.
#
#   scripts/soak.sh soak [MINUTES] [EVENTS]   the dashboard watching EVENTS (500) events on a
#                                             sandbox with faults on for MINUTES (10): RSS every
#                                             10 s, worst key-to-frame delay, recovery once the
#                                             faults are cleared, clean exit
#   scripts/soak.sh figures                   time to first frame, RSS with 1,000 events, CPU
#                                             over 60 s idle with 200 events polled every 5 s
#   scripts/soak.sh rss                       only the RSS with 1,000 events (and where it is:
#                                             anonymous / file-backed, threads)
#
# Needs: tmux, curl, python3, and a release build (`cargo build --release`; the script builds it
# when missing). Prints a summary; exits 1 when a check fails (memory growth above the bound,
# a stuck screen, no recovery, a non-zero exit).
set -euo pipefail

MODE=${1:-soak}
MINUTES=${2:-10}
EVENTS=${3:-500}
RSS_GROWTH_BOUND_KB=${RSS_GROWTH_BOUND_KB:-20480}   # 20 MiB over the run, after warm-up
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${KWEBCAST_BIN:-$ROOT/target/release/kwebcast}
SECRET=soak-admin-secret-0123456789abcdef
PARTNER=4242
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kwebcast-soak.XXXXXX")
SOCK=kwebcast-soak-$$
SANDBOX_PID=""

cleanup() {
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release --bin kwebcast)

now_ms() { date +%s%3N; }

start_sandbox() {
  HOME=$WORK "$BIN" sandbox --bind 127.0.0.1:0 --partner-id $PARTNER --admin-secret $SECRET \
    --speed 20 > "$WORK/sandbox.out" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 100); do
    URL=$(sed -n 's/^sandbox listening on \([^ ]*\).*/\1/p' "$WORK/sandbox.out")
    [ -n "$URL" ] && return 0
    sleep 0.1
  done
  echo "sandbox did not start" >&2; exit 1
}

account_env() {
  echo "HOME=$WORK KALTURA_SERVICE_URL=$URL KALTURA_PARTNER_ID=$PARTNER KALTURA_ADMIN_SECRET=$SECRET KWEBCAST_DATA_DIR=$WORK/data KWEBCAST_LOG_FILE=$WORK/kwebcast.log KWEBCAST_CLIPBOARD=off NO_COLOR=1 ${SOAK_ENV:-}"
}

# Creates $1 live entries (50 per multirequest); writes their IDs to $WORK/ids.
create_events() {
  local n=$1
  local ks
  ks=$(env $(account_env) "$BIN" ks --type admin --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])["ks"])')
  : > "$WORK/ids"
  local done=0
  while [ "$done" -lt "$n" ]; do
    local batch=$(( n - done < 50 ? n - done : 50 ))
    python3 - "$ks" "$done" "$batch" > "$WORK/body.json" <<'EOF'
import json, sys
ks, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = {"format": 1, "ks": ks}
for i in range(count):
    body[str(i)] = {"service": "liveStream", "action": "add", "sourceType": "32",
                    "liveStreamEntry": {"objectType": "KalturaLiveStreamEntry",
                                        "name": f"Soak {start + i}", "mediaType": 201,
                                        "sourceType": "32", "explicitLive": 1, "recordStatus": 2}}
print(json.dumps(body))
EOF
    curl -sS -H 'Content-Type: application/json' --data @"$WORK/body.json" \
      "$URL/api_v3/service/multirequest" \
      | python3 -c 'import json,sys; [print(o["id"]) for o in json.load(sys.stdin)]' >> "$WORK/ids"
    done=$(( done + batch ))
  done
}

faults() { curl -sS -o /dev/null -H 'Content-Type: application/json' --data "$1" "$URL/sandbox/faults"; }

# Starts the dashboard in tmux (160x50) watching the first $1 IDs (through its journal: a
# thousand --watch flags would be too long a tmux command), polling every $2.
start_dashboard() {
  mkdir -p "$WORK/data"
  head -n "$1" "$WORK/ids" | python3 -c '
import json, sys, time
url, pid = sys.argv[1], int(sys.argv[2])
for i, line in enumerate(sys.stdin):
    now = int(time.time())
    print(json.dumps({"entry_id": line.strip(), "name": f"Soak {i}", "start": now + 3600,
        "end": now + 7200, "partner_id": pid, "service_url": url, "recorded_at": now}))
' "$URL" "$PARTNER" > "$WORK/data/events.jsonl"
  tmux -L "$SOCK" -f /dev/null new-session -d -s soak -x 160 -y 50 \
    "env $(account_env) KWEBCAST_POLL_INTERVAL=$2 '$BIN'; echo EXITED \$?; sleep 600"
}

screen() { tmux -L "$SOCK" capture-pane -p -t soak; }
dash_pid() { pgrep -P "$(tmux -L "$SOCK" display-message -p -t soak '#{pane_pid}')" -x kwebcast | head -n1; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Waits (up to $2 s) for the screen to contain $1; prints the milliseconds it took.
wait_for() {
  local start end
  start=$(now_ms)
  end=$(( start + ${2:-20} * 1000 ))
  while [ "$(now_ms)" -lt "$end" ]; do
    if screen | grep -qF -- "$1"; then echo $(( $(now_ms) - start )); return 0; fi
    sleep 0.005
  done
  echo "timed out waiting for '$1'" >&2; screen >&2; return 1
}

# One key-to-frame measurement: '?' opens help, Esc closes it; prints the slower of the two (ms).
key_to_frame() {
  local a b
  tmux -L "$SOCK" send-keys -t soak '?'
  a=$(wait_for "Help: keys" 10) || return 1
  tmux -L "$SOCK" send-keys -t soak Escape
  local start; start=$(now_ms)
  while screen | grep -qF "Help: keys"; do
    [ $(( $(now_ms) - start )) -gt 10000 ] && { echo "help did not close" >&2; return 1; }
    sleep 0.005
  done
  b=$(( $(now_ms) - start ))
  echo $(( a > b ? a : b ))
}

quit_dashboard() {
  tmux -L "$SOCK" send-keys -t soak q
  wait_for "EXITED 0" 20 > /dev/null
}

soak() {
  start_sandbox
  create_events "$EVENTS"
  start_dashboard "$EVENTS" 5s
  wait_for "[1 Events]" 30 > /dev/null
  wait_for "OFFLINE" 60 > /dev/null
  local pid; pid=$(dash_pid)
  sleep 10
  local rss0; rss0=$(rss_kb "$pid")
  faults '{"latency_ms": 300, "fail_rate": 0.3, "reset_rate": 0.05, "truncate_rate": 0.05, "non_json_rate": 0.05, "slow_body_ms": 200}'
  local end=$(( $(date +%s) + MINUTES * 60 )) worst=0 max_rss=$rss0 samples=0 k rss
  while [ "$(date +%s)" -lt "$end" ]; do
    k=$(key_to_frame) || { echo "FAIL: the dashboard stopped answering keys"; exit 1; }
    [ "$k" -gt "$worst" ] && worst=$k
    rss=$(rss_kb "$pid")
    [ "$rss" -gt "$max_rss" ] && max_rss=$rss
    samples=$(( samples + 1 ))
    sleep 10
  done
  local rss_end; rss_end=$(rss_kb "$pid")
  screen | grep -qF "Kaltura" || echo "note: no error on screen at the end of the fault window"
  # Recovery: the first event starts broadcasting on the service while the faults are still on;
  # once they are cleared the board must show it PREVIEW by itself (no key pressed).
  curl -sS -o /dev/null -X POST "$URL/sandbox/entries/$(head -n1 "$WORK/ids")/broadcast"
  sleep 2
  screen | grep -qF "PREVIEW" && echo "note: PREVIEW seen before the faults were cleared"
  faults '{}'
  local t0; t0=$(now_ms)
  wait_for "PREVIEW" 60 > /dev/null || { echo "FAIL: no recovery after faults cleared"; exit 1; }
  local recovered=$(( $(now_ms) - t0 ))
  wait_for "every 5s" 60 > /dev/null || { echo "FAIL: stuck polling after faults cleared"; exit 1; }
  quit_dashboard || { echo "FAIL: non-zero exit"; screen; exit 1; }
  local growth=$(( rss_end - rss0 ))
  echo "soak: ${MINUTES} min, ${EVENTS} events, faults: 300 ms latency, 30% 5xx, 5% resets, 5% truncated, 5% non-JSON, 200 ms slow bodies"
  echo "rss_kb start=${rss0} max=${max_rss} end=${rss_end} growth=${growth} (bound ${RSS_GROWTH_BOUND_KB})"
  echo "key_to_frame worst_ms=${worst} over ${samples} samples"
  echo "recovered_ms=${recovered} (faults cleared → a transition made during the fault is on the board; poll every 5 s); exit 0"
  [ "$growth" -le "$RSS_GROWTH_BOUND_KB" ] || { echo "FAIL: memory grew by ${growth} KiB"; exit 1; }
}

# RSS with 1,000 events on the board, alone (the figure `figures` prints; quicker to iterate).
rss_only() {
  start_sandbox
  create_events 1000
  start_dashboard 1000 5s
  wait_for "Events (1000)" 60 > /dev/null
  wait_for "OFFLINE" 60 > /dev/null
  sleep 6
  local pid; pid=$(dash_pid)
  echo "rss_kb_1000_events=$(rss_kb "$pid")"
  grep -E '^(VmHWM|RssAnon|RssFile|Threads)' "/proc/$pid/status" | tr -s ' \t' ' '
  quit_dashboard
}

figures() {
  start_sandbox
  create_events 1000
  # Time to first frame (5 runs): Enter in a waiting shell, until the board is on screen.
  local firsts="" i first
  rm -f "$WORK/data/events.jsonl"
  for i in 1 2 3 4 5; do
    tmux -L "$SOCK" -f /dev/null new-session -d -s soak -x 160 -y 50 "sh"
    sleep 0.5
    tmux -L "$SOCK" send-keys -t soak "env $(account_env) KWEBCAST_POLL_INTERVAL=5s '$BIN'; echo EXITED \$?"
    tmux -L "$SOCK" send-keys -t soak Enter
    first=$(wait_for "[1 Events]" 30)
    firsts="$firsts $first"
    quit_dashboard
    tmux -L "$SOCK" kill-server
    sleep 0.5
  done
  echo "first_frame_ms runs:${firsts} (release build, empty journal, capture-pane polled every 5 ms)"
  # RSS with 1,000 events on the board.
  start_dashboard 1000 5s
  wait_for "Events (1000)" 60 > /dev/null
  wait_for "OFFLINE" 60 > /dev/null
  sleep 6
  echo "rss_kb_1000_events=$(rss_kb "$(dash_pid)")"
  quit_dashboard
  tmux -L "$SOCK" kill-server
  sleep 0.5
  # CPU over 60 s idle with 200 events polled every 5 s.
  start_dashboard 200 5s
  wait_for "Events (200)" 60 > /dev/null
  wait_for "OFFLINE" 60 > /dev/null
  sleep 5
  local pid c0 c1 hz
  pid=$(dash_pid); hz=$(getconf CLK_TCK)
  c0=$(cpu_ticks "$pid"); sleep 60; c1=$(cpu_ticks "$pid")
  python3 -c "print(f'idle_cpu_200_events_5s={100*($c1-$c0)/$hz/60:.3f}% of one core ({$c1-$c0} ticks at {$hz} Hz over 60 s)')"
  quit_dashboard
}

case "$MODE" in
  soak) soak ;;
  figures) figures ;;
  rss) rss_only ;;
  *) echo "usage: $0 soak [MINUTES] [EVENTS] | figures | rss" >&2; exit 2 ;;
esac
