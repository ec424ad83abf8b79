#!/usr/bin/env bash
# Build and run one libFuzzer target:
#   tools/fuzz.sh <spl_parser|yaml_loader|event_reader|differential|lookup_csv> [seconds]
# Uses clang (Debian's clang-14) in its own build folder, build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh <target> [seconds]}
seconds=${2:-60}
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DRULEJIT_FUZZ=ON -DRULEJIT_BUILD_TESTS=ON \
    -DRULEJIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build-fuzz --target "fuzz_${target}"
corpus_seed="tests/fuzz/corpus/${target%%_*}"
case "$target" in
  spl_parser) corpus_seed=tests/fuzz/corpus/spl ;;
  yaml_loader) corpus_seed=tests/fuzz/corpus/yaml ;;
  event_reader) corpus_seed=tests/fuzz/corpus/events ;;
  lookup_csv) corpus_seed=tests/fuzz/corpus/lookup_csv ;;
esac
work="build-fuzz/corpus-${target}"
mkdir -p "$work"
[ -d "$corpus_seed" ] && cp -n "$corpus_seed"/* "$work"/ 2>/dev/null || true
mkdir -p build-fuzz/artifacts
exec "build-fuzz/tests/fuzz/fuzz_${target}" -max_total_time="$seconds" -rss_limit_mb=4096 \
  -artifact_prefix=build-fuzz/artifacts/ "$work"
