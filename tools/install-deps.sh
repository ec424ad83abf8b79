#!/usr/bin/env bash
# Installs every Debian 12 package the build, tests, benchmarks and fuzzers need.
# A no-op when they are all present already (checked with dpkg-query first).
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build ccache pkg-config git python3
  libyaml-cpp-dev libyaml-dev llvm-19-dev libsimdjson-dev libpcre2-dev libhyperscan-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev zlib1g-dev nettle-dev
  clang libclang-rt-14-dev
  libmaxminddb-dev libmaxmind-db-writer-perl
  libnats-dev nats-server
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
