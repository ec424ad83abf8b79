#!/bin/bash
# Instructions each executor runs to process a pack over the same events,
# counted by valgrind's callgrind. Unlike seconds, a count is the same on
# every run of the same binary and input, whatever else the machine does, so
# executors (or two commits) can be compared on a noisy VM. It counts work,
# not memory stalls: reading lines (memory-bound) weighs less here than in
# seconds, so the interp/jit ratio comes out higher than `rulejit bench`'s.
#
# Counted: reading lines (LineSource::next) and the engine's push/finish.
# Not counted: loading the input, building the pack, compiling native code.
#
# Usage: bench/count-instructions.sh [--build DIR] [--bytes SIZE] [--seed N]
#                                     [--engines interp,jit] [rulejit bench pack options...]
# Default: the bundled pack over 32M of generated events (about 3 minutes).
# Example, the seed pack:
#   bench/count-instructions.sh --rules rules/isovalent/cisco_isovalent___shell_execution.yml ...
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build"
bytes=32M
seed=42
engines=interp,jit
pack_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --bytes) bytes=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pack_args+=("$1"); shift ;;
  esac
done
command -v valgrind >/dev/null || { echo "count-instructions: valgrind is not installed" >&2; exit 2; }
for tool in "$build/tools/rulejit" "$build/bench/rulejit-gen"; do
  [ -x "$tool" ] || { echo "count-instructions: $tool missing (build first)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/rulejit-gen" --bytes "$bytes" --seed "$seed" -o "$work/events.ndjson" >/dev/null 2>&1

declare -A count
IFS=, read -r -a list <<<"$engines"
for e in "${list[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.$e" \
    --toggle-collect='*::push(rulejit::rt::Line const&)' --toggle-collect='*LineSource::next(*' \
    --toggle-collect='*::finish()' \
    "$build/tools/rulejit" bench --once --engines "$e" -i "$work/events.ndjson" "${pack_args[@]}" \
    >"$work/out.$e" 2>"$work/err.$e" || { cat "$work/err.$e" >&2; exit 1; }
  count[$e]=$(sed -n 's/.*Collected : //p' "$work/err.$e")
  printf '%-8s %15s instructions  (%s)\n' "$e" "${count[$e]}" "$(grep -E "^$e: " "$work/out.$e" | cut -d' ' -f2-)"
done
if [ -n "${count[interp]:-}" ] && [ -n "${count[jit]:-}" ]; then
  awk -v i="${count[interp]}" -v j="${count[jit]}" 'BEGIN { printf "interp / jit instructions: %.2fx\n", i / j }'
fi
