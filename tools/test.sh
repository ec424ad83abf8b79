#!/usr/bin/env bash
# The test suite: builds rulejit twice and runs every test through ctest,
#  1. build/       optimized with debug info (RelWithDebInfo)
#  2. build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer
# Usage: tools/test.sh [--fast]   (--fast: skip the sanitizer build)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${RULEJIT_JOBS:-2}

run_suite() {
  local dir=$1; shift
  echo "== configure $dir $*"
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" -j "$jobs"
  echo "== test $dir"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ "${1:-}" != "--fast" ]; then
  # halt_on_error: a sanitizer report fails the test that caused it.
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DRULEJIT_SANITIZE=ON -DRULEJIT_BUILD_BENCH=OFF
fi
echo "== all tests passed"
