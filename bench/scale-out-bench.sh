#!/usr/bin/env bash
# Scale-out throughput through NATS JetStream, repeatable: starts its own
# nats-server (JetStream, file storage in a temp folder) on a free loopback
# port, generates N events once (build/bench/rulejit-gen, no jitter), runs the
# file baseline (`rulejit run --threads 1 --window`), then for each run and
# each worker count: restarts nats-server on an empty store, publishes the
# events (publish timed on its own), starts the workers (a fresh durable
# consumer) and a merger
# together, and times the drain: events / (last worker's last batch - first
# worker's first fetch), from the workers' summaries. Every merged output is
# compared with the baseline's rows (sorted): a difference fails the script.
# Also prints the CPU seconds of nats-server, the workers and the merger
# during the drain. A fresh store per measurement keeps each merger's input
# to its own workers' output and the disk small. The workers' and the
# merger's start (~0.15 s of CPU each: pack, native code from the cache)
# overlaps the first worker's drain: use enough events (default 200,000,
# ~490 MB) that it weighs little.
#
# Usage: bench/scale-out-bench.sh [--build DIR] [--events N] [--runs R]
#          [--workers "1 2"] [--window 1m] [--events-per-message M] [--batch B]
# Run it under the build lock so no build competes: /work/bin/locked bench/scale-out-bench.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build"
events=200000
runs=3
counts="1 2"
window=1m
per_message=64
batch=256
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --workers) counts=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --events-per-message) per_message=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale-out-bench: unknown option $1" >&2; exit 2 ;;
  esac
done
B="$build/tools/rulejit"
G="$build/bench/rulejit-gen"
for x in "$B" "$G"; do [ -x "$x" ] || { echo "scale-out-bench: no $x (build rulejit and rulejit-gen)" >&2; exit 2; }; done
server=$(command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null || true)
[ -n "$server" ] || { echo "scale-out-bench: nats-server is not installed" >&2; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

srv=
start_server() {
  if [ -n "$srv" ]; then kill "$srv"; wait "$srv" 2>/dev/null || true; fi
  rm -rf "$tmp/js"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$server" -js -a 127.0.0.1 -p "$port" -sd "$tmp/js" > "$tmp/server.log" 2>&1 &
  srv=$!
  pids+=($srv)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  url="nats://127.0.0.1:$port"
}
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

"$G" --events "$events" --jitter-ms 0 -q -o "$tmp/events.ndjson"
mb=$(( $(stat -c %s "$tmp/events.ndjson") / 1000000 ))
common=(--window "$window" --now 1755200000)
echo "scale-out-bench: $events events ($mb MB), window $window, $per_message events per message, fetch batch $batch, $(nproc) cores"

"$B" run -i "$tmp/events.ndjson" "${common[@]}" --threads 1 --no-progress > "$tmp/reference" 2> "$tmp/run.err"
sort "$tmp/reference" > "$tmp/reference.sorted"
file_rate=$(sed -n 's/.* s: \([0-9]*\) events\/s.*/\1/p' "$tmp/run.err" | head -1)
echo "file: rulejit run --threads 1: $file_rate events/s ($(wc -l < "$tmp/reference") rows)"

n=0
for r in $(seq "$runs"); do
  for k in $counts; do
    n=$((n + 1))
    stream="b$n"
    start_server
    nats=(--nats "$url" --stream "$stream")
    t0=$(date +%s.%N)
    "$B" publish "${nats[@]}" --events-per-message "$per_message" -i "$tmp/events.ndjson" 2> "$tmp/pub.err"
    sleep 1  # the server settles (its write-behind of the stream)
    t1=$(date +%s.%N)
    pub_rate=$(python3 -c "print(round($events / ($t1 - $t0)))")
    s0=$(cpu_of "$srv")
    /usr/bin/time -f "%U %S" -o "$tmp/merge.cpu" "$B" merge "${nats[@]}" "${common[@]}" --workers "$k" \
      > "$tmp/merged" 2> "$tmp/merge.err" &
    merger=$!
    wpids=()
    for w in $(seq "$k"); do
      /usr/bin/time -f "%U %S" -o "$tmp/w$w.cpu" "$B" worker "${nats[@]}" "${common[@]}" --worker-id "w$w" \
        --batch "$batch" --idle-finish 1 2> "$tmp/w$w.err" &
      wpids+=($!)
    done
    wait "${wpids[@]}"
    s1=$(cpu_of "$srv")
    wait "$merger"
    sort "$tmp/merged" > "$tmp/merged.sorted"
    if ! cmp -s "$tmp/merged.sorted" "$tmp/reference.sorted"; then
      echo "scale-out-bench: FAILED: $k workers (run $r): merged rows differ from rulejit run --window" >&2
      cat "$tmp"/w*.err "$tmp/merge.err" >&2
      diff "$tmp/reference.sorted" "$tmp/merged.sorted" | head -10 >&2
      exit 1
    fi
    python3 - "$tmp" "$k" "$events" "$s0" "$s1" "$pub_rate" "$file_rate" "$r" <<'PY'
import re, sys
tmp, k, events, s0, s1, pub, file_rate, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], float(sys.argv[7]), sys.argv[8]
spans, taken, wcpu = [], 0, 0.0
for w in range(1, k + 1):
    text = open(f"{tmp}/w{w}.err").read()
    m = re.search(r": (\d+) events .*busy \(([0-9.]+)-([0-9.]+)\)", text)
    taken += int(m.group(1))
    spans.append((float(m.group(2)), float(m.group(3))))
    u, s = open(f"{tmp}/w{w}.cpu").read().split()[-2:]
    wcpu += float(u) + float(s)
mu, ms = open(f"{tmp}/merge.cpu").read().split()[-2:]
wall = max(e for _, e in spans) - min(b for b, _ in spans)
rate = events / wall
print(f"run {run}: {k} worker(s): {rate:,.0f} events/s ({wall:.2f} s drain, {taken} events taken; "
      f"{rate / file_rate:.2f}x the file run) | cpu s: server {s1 - s0:.2f}, workers {wcpu:.2f}, "
      f"merger {float(mu) + float(ms):.2f} | publish {int(pub):,} events/s")
with open(f"{tmp}/rates", "a") as f:
    f.write(f"{run} {k} {rate}\n")
PY
  done
done
python3 - "$tmp/rates" <<'PY'
import sys, collections
by = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, k, rate = line.split()
    by[r][int(k)] = float(rate)
for r, m in by.items():
    if 1 in m:
        print(f"run {r}: " + ", ".join(f"{k} workers / 1 = {m[k] / m[1]:.2f}x" for k in sorted(m) if k != 1))
PY
