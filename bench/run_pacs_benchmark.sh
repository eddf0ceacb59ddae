#!/usr/bin/env bash
# bench/run_pacs_benchmark.sh — the PACS against Orthanc and DCMTK storescp: ingest, C-FIND, C-MOVE, 1 GiB RSS.
#
# Usage: bench/run_pacs_benchmark.sh ROENTGEN_BINARY [DATA_DIR]
#   ROENTGEN_BINARY  a Release build of `roentgen`; bench/fill_index is taken from the same build tree:
#                    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DROENTGEN_TESTS=OFF \
#                          -DROENTGEN_BENCHMARKS=ON && ninja -C build-bench roentgen fill_index
#   DATA_DIR         where bench/generate_ct_series.py writes (default /tmp/roentgen-bench; generated when it
#                    lacks the 500 slices or the 1 GiB file) and where the C-FIND indexes (1,001 studies
#                    × 10, 100, 1,000 instances) are kept and reused (DATA_DIR/pacs-index).
# Environment: RUNS (5), FIND_RUNS (15), ONLY (ingest,find,move,large), FILL_INDEX (the build's
#              bench/fill_index), PYTHON (/usr/bin/python3), OUTPUT (BENCHMARKS.md at the top).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [[ $# -lt 1 || ! -x "$1" ]]; then
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 64
fi
roentgen="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
data="${2:-/tmp/roentgen-bench}"
python="${PYTHON:-/usr/bin/python3}"
fill_index="${FILL_INDEX:-$(dirname "$(dirname "$(dirname "$roentgen")")")/bench/fill_index}"
[[ -x "$fill_index" ]] || { echo "run_pacs_benchmark: no $fill_index (ninja -C BUILD fill_index)" >&2; exit 1; }
for tool in storescu storescp findscu movescu Orthanc; do
    command -v "$tool" >/dev/null || { echo "run_pacs_benchmark: missing $tool (scripts/install-dependencies.sh)" >&2; exit 1; }
done
slices=$( (find "$data/ct" -name '*.dcm' 2>/dev/null || true) | wc -l)
if [[ "$slices" -ne 500 || ! -f "$data/multiframe.dcm" ]]; then
    "$python" "$here/generate_ct_series.py" --out "$data"
fi
mkdir -p "$data/pacs-index"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)"
changed="$(git -C "$root" diff --shortstat HEAD -- src 2>/dev/null || true)"
if [[ -n "$changed" ]]; then
    commit="$commit + uncommitted src/ changes:${changed}"
fi
exec "$python" "$here/pacs_benchmark.py" --roentgen "$roentgen" --fill-index "$fill_index" --ct-dir "$data/ct" \
    --multiframe "$data/multiframe.dcm" --index-dir "$data/pacs-index" --runs "${RUNS:-5}" \
    --find-runs "${FIND_RUNS:-15}" --only "${ONLY:-ingest,find,move,large}" --commit "$commit" \
    --command-line "bash bench/run_pacs_benchmark.sh ${1}${2:+ $2}" --output "${OUTPUT:-$root/BENCHMARKS.md}"
