#!/usr/bin/env bash
# Set-up command 1: installs dependencies, builds Release and runs the main job, `roentgen serve`, on the
# embedded default: AE title ROENTGEN, DIMSE port 11112, data (SQLite index + files) under ./roentgen-data.
# Arguments go to `roentgen serve` (e.g. --config roentgen.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DROENTGEN_TESTS=OFF -DROENTGEN_BENCHMARKS=OFF
cmake --build build-release --target roentgen
exec ./build-release/src/cli/roentgen serve "$@"
