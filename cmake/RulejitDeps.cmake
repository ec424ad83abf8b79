# Every dependency is a Debian 12 package (tools/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(yaml-cpp REQUIRED)
# libyaml (libyaml-dev): the fast reader of detection files (compiler/frontend/yaml_tree.h).
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs)
# Nettle: the md5/sha1/sha256/sha512 eval functions.
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
# Hogweed (Nettle's public-key half, same package): Ed25519 pack signatures.
pkg_check_modules(HOGWEED REQUIRED IMPORTED_TARGET hogweed)
# libmaxminddb: the GeoIP database iplocation reads.
pkg_check_modules(MAXMINDDB REQUIRED IMPORTED_TARGET libmaxminddb)
# NATS C client (libnats-dev): scale-out on JetStream (scaleout/).
pkg_check_modules(NATS REQUIRED IMPORTED_TARGET libnats)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

# LLVM is only needed by compiler/codegen; its headers stay there.
find_package(LLVM CONFIG REQUIRED HINTS /usr/lib/llvm-19/lib/cmake/llvm)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "rulejit needs LLVM 19, found ${LLVM_PACKAGE_VERSION}")
endif()

if(RULEJIT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RULEJIT_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
