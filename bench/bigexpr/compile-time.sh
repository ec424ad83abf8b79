#!/bin/bash
# Compile time and peak memory of detections with long boolean expressions,
# per expression shape and size (bench/bigexpr/big_expr.h has the shapes).
# Each cell is one `rulejit check FILE` (front end + LLVM codegen, optimize,
# machine code; no disk cache) under /usr/bin/time -v: "seconds/peak MB".
# With --run, also `rulejit run --no-cache` of the rule over the bundled
# sample events (the whole path a user sees).
#
# Usage: bench/bigexpr/compile-time.sh [--build DIR] [--shapes eq,in,...]
#          [--terms 100,500,1000,2000,5000] [--timeout SECONDS] [--run]
#          [--wrap CMD]   (prefix every measurement, e.g. a lock: --wrap /work/bin/locked)
# A shape whose compile times out is not measured at larger sizes.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build="$here/build"
shapes=eq,in,mixed,wildcard,not,ne,nested,distinct,distinct-not,where,where-like
terms=100,500,1000,2000,5000
timeout_s=300
run=0
wrap=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --terms) terms=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --run) run=1; shift ;;
    --wrap) wrap=($2); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compile-time: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in "$build/tools/rulejit" "$build/bench/rulejit-bigexpr"; do
  [ -x "$tool" ] || { echo "compile-time: $tool missing (build rulejit and rulejit-bigexpr)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="$here/rules/samples/tetragon-sample.ndjson"

# "seconds/MB" of one command, or "timeout" / "failed".
measure() {
  local log="$work/time.log" rc=0
  "${wrap[@]}" timeout "$timeout_s" /usr/bin/time -v "$@" >"$work/out.log" 2>"$log" || rc=$?
  if [ "$rc" = 124 ]; then echo "timeout"; return; fi
  if [ "$rc" != 0 ]; then echo "failed"; return; fi
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { kb = $2 }
              END { printf "%.2fs/%dMB\n", s, kb / 1024 }' "$log"
}

IFS=, read -ra shape_list <<<"$shapes"
IFS=, read -ra term_list <<<"$terms"
printf '%-12s' "shape"
for n in "${term_list[@]}"; do printf ' %16s' "N=$n"; done
echo
for shape in "${shape_list[@]}"; do
  for what in check run; do
    [ "$what" = run ] && [ "$run" = 0 ] && continue
    printf '%-12s' "$shape${what/check/}"
    skip=0
    for n in "${term_list[@]}"; do
      if [ "$skip" = 1 ]; then printf ' %16s' "-"; continue; fi
      dir="$work/$shape-$n"
      mkdir -p "$dir"
      "$build/bench/rulejit-bigexpr" --shape "$shape" --terms "$n" -o "$dir/rule.yml"
      if [ "$what" = check ]; then
        cell=$(measure "$build/tools/rulejit" check "$dir/rule.yml")
      else
        cell=$(measure "$build/tools/rulejit" run --no-cache --rules "$dir" --input "$sample" --output /dev/null)
      fi
      [ "$cell" = timeout ] && skip=1
      printf ' %16s' "$cell"
      rm -rf "$dir"
    done
    echo
  done
done
