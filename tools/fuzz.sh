#!/usr/bin/env bash
# Build and run one libFuzzer target:
#   tools/fuzz.sh <spl_parser|yaml_loader|event_reader|differential|lookup_csv|pack_artifact|partial_state> [seconds]
# Uses clang (Debian's clang-14) in its own build folder, build-fuzz/ ($RULEJIT_FUZZ_BUILD overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh <target> [seconds]}
seconds=${2:-60}
build=${RULEJIT_FUZZ_BUILD:-build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DRULEJIT_FUZZ=ON -DRULEJIT_BUILD_TESTS=ON \
    -DRULEJIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target "fuzz_${target}"
corpus_seed="tests/fuzz/corpus/${target%%_*}"
case "$target" in
  spl_parser) corpus_seed=tests/fuzz/corpus/spl ;;
  yaml_loader) corpus_seed=tests/fuzz/corpus/yaml ;;
  event_reader) corpus_seed=tests/fuzz/corpus/events ;;
  lookup_csv) corpus_seed=tests/fuzz/corpus/lookup_csv ;;
  pack_artifact) corpus_seed=tests/fuzz/corpus/pack ;;
  partial_state) corpus_seed=tests/fuzz/corpus/partial_state ;;
esac
work="$build/corpus-${target}"
mkdir -p "$work"
[ -d "$corpus_seed" ] && cp -n "$corpus_seed"/* "$work"/ 2>/dev/null || true
mkdir -p "$build/artifacts"
exec "$build/tests/fuzz/fuzz_${target}" -max_total_time="$seconds" -rss_limit_mb=4096 \
  -artifact_prefix="$build/artifacts/" "$work"
