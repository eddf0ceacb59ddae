#!/usr/bin/env bash
# Set-up command 1: installs dependencies, builds Release and runs the main job. Until the PACS
# server (`roentgen serve`) exists, the main job is the command-line program's help.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-dependencies.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DROENTGEN_TESTS=OFF -DROENTGEN_BENCHMARKS=OFF
cmake --build build-release --target roentgen
./build-release/src/cli/roentgen --help
