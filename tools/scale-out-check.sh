#!/usr/bin/env bash
# Scale-out kill test, end to end: starts its own nats-server (JetStream) on a
# free loopback port, runs the single-process reference (`rulejit run
# --window`), then 3 workers and a merger over the same events published to
# JetStream in 4 parts, kills one worker with SIGKILL mid-stream, then the
# merger, restarts the merger with the same -o file (it continues after its
# record), compares the sorted results, cleans up. Exit 0 only when they are
# equal (every row once).
# Usage: tools/scale-out-check.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
B="$build/tools/rulejit"
[ -x "$B" ] || { echo "scale-out-check: no $B (build first)"; exit 2; }
server=$(command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null || true)
[ -n "$server" ] || { echo "scale-out-check: nats-server is not installed (tools/install-deps.sh)"; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" -js -a 127.0.0.1 -p "$port" -sd "$tmp/js" > "$tmp/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url="nats://127.0.0.1:$port"

# The bundled sample sorted by event time (untimed lines left out), in 4 parts.
python3 - "$tmp" <<'PY'
import re, sys
out = sys.argv[1]
ev = []
for l in open("rules/samples/tetragon-sample.ndjson"):
    m = re.search(r'"time":"([^"]+)"', l)
    if m: ev.append((m.group(1), l))
ev.sort(key=lambda e: e[0])
for p in range(4):
    with open(f"{out}/part{p}.ndjson", "w") as f:
        f.writelines(l for _, l in ev[len(ev) * p // 4: len(ev) * (p + 1) // 4])
PY
common=(--window 2s --now 1755200000)
nats=(--nats "$url" --stream check)

"$B" run -i "$tmp/part0.ndjson" -i "$tmp/part1.ndjson" -i "$tmp/part2.ndjson" -i "$tmp/part3.ndjson" \
  "${common[@]}" -q | sort > "$tmp/reference.sorted"

start_worker() {
  "$B" worker "${nats[@]}" "${common[@]}" --worker-id "w$1" --idle-finish 5 --ack-wait 1 --batch 32 2> "$tmp/w$1.err" &
  pids+=($!)
}
# w1 starts first and takes the first part alone, so it holds unacked events
# of open windows when it is killed.
start_worker 1; worker1=$!
sleep 1.5
"$B" publish "${nats[@]}" -q -i "$tmp/part0.ndjson"
start_worker 2; worker2=$!
start_worker 3; worker3=$!
start_merger() {
  timeout 60 "$B" merge "${nats[@]}" "${common[@]}" --workers 3 --worker-timeout 4 -o "$tmp/merged.out" 2>> "$tmp/merge.err" &
  merger=$!
  pids+=($merger)
}
start_merger
sleep 1
"$B" publish "${nats[@]}" -q -i "$tmp/part1.ndjson"
sleep 0.3
kill -9 "$worker1"
echo "scale-out-check: killed worker w1 (SIGKILL) mid-stream"
"$B" publish "${nats[@]}" -q -i "$tmp/part2.ndjson"
sleep 1
# The merger itself (the child of `timeout`), then its timeout.
kill -9 $(pgrep -P "$merger") "$merger"
wait "$merger" 2>/dev/null || true
echo "scale-out-check: killed the merger (SIGKILL) after $(wc -l < "$tmp/merged.out") rows; restarting it"
start_merger
sleep 0.2
"$B" publish "${nats[@]}" -q -i "$tmp/part3.ndjson"
wait "$merger"
wait "$worker2" "$worker3"
cat "$tmp/w2.err" "$tmp/w3.err" "$tmp/merge.err"
sort "$tmp/merged.out" > "$tmp/merged.sorted"
if cmp -s "$tmp/merged.sorted" "$tmp/reference.sorted"; then
  echo "scale-out-check: OK: $(wc -l < "$tmp/reference.sorted") rows, equal to rulejit run --window"
  exit 0
fi
echo "scale-out-check: FAILED: results differ from rulejit run --window"
diff "$tmp/reference.sorted" "$tmp/merged.sorted" | head -20
exit 1
