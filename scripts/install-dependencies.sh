#!/usr/bin/env bash
# Installs every Debian 12 package Roentgen needs to build, test and benchmark.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  # build
  build-essential cmake ninja-build pkg-config python3
  # libraries
  zlib1g-dev libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # index: SQLite and PostgreSQL client; the PostgreSQL server for the index tests
  libsqlite3-dev sqlite3 libpq-dev postgresql
  # network: Boost.Asio (header-only) and OpenSSL for TLS
  libboost-dev libssl-dev openssl
  # pixel codecs
  libturbojpeg0-dev libjpeg62-turbo-dev libcharls-dev libopenjp2-7-dev libopenjph-dev libjxl-dev libpng-dev
  # peers for interop tests and benchmarks
  dcmtk libgdcm-tools orthanc python3-pydicom python3-numpy
  # independent decoders for codestreams no DICOM peer reads (HTJ2K: opj_decompress; JPEG XL: djxl, cjxl)
  libopenjp2-tools libjxl-tools
  # benchmarks
  hyperfine time
)
if [[ "${ROENTGEN_SKIP_APT:-}" == "1" ]]; then exit 0; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
