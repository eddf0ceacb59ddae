#!/usr/bin/env bash
# bench/run_network_benchmark.sh — C-STORE throughput and memory: roentgen vs DCMTK over loopback.
#
# Usage: bench/run_network_benchmark.sh ROENTGEN_BINARY [DATA_DIR]
#   ROENTGEN_BINARY  a Release build of `roentgen`, e.g.
#                    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-bench roentgen
#   DATA_DIR         where bench/generate_ct_series.py writes (default /tmp/roentgen-bench); generated
#                    when it lacks the 500 slices or the 1 GiB multi-frame file.
# Environment: RUNS (3), PYTHON (/usr/bin/python3), OUTPUT (BENCHMARKS.md at the top).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [[ $# -lt 1 || ! -x "$1" ]]; then
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 64
fi
roentgen="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
data="${2:-/tmp/roentgen-bench}"
python="${PYTHON:-/usr/bin/python3}"
for tool in storescu storescp /usr/bin/time pgrep; do
    command -v "$tool" >/dev/null || { echo "run_network_benchmark: missing $tool (scripts/install-dependencies.sh)" >&2; exit 1; }
done
slices=$( (find "$data/ct" -name '*.dcm' 2>/dev/null || true) | wc -l)
if [[ "$slices" -ne 500 || ! -f "$data/multiframe.dcm" ]]; then
    "$python" "$here/generate_ct_series.py" --out "$data"
fi
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)"
exec "$python" "$here/network_benchmark.py" --roentgen "$roentgen" --ct-dir "$data/ct" --multiframe "$data/multiframe.dcm" \
    --runs "${RUNS:-3}" --commit "$commit" --output "${OUTPUT:-$root/BENCHMARKS.md}"
