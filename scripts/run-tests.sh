#!/usr/bin/env bash
# Set-up command 2: installs dependencies, builds with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every test (ctest). `.ci/run` calls this and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
build_dir="${ROENTGEN_TEST_BUILD_DIR:-build-tests}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DROENTGEN_SANITIZE=ON \
      -DROENTGEN_BENCHMARKS=ON  # compiled so that they keep building; run by bench/ scripts
cmake --build "$build_dir"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build_dir" --output-on-failure --timeout 900 -j "$(nproc)"
