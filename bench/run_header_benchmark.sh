#!/usr/bin/env bash
# bench/run_header_benchmark.sh — header parsing: roentgen vs dcmdump vs pydicom, and peak RSS on a 1 GiB file.
#
# Usage: bench/run_header_benchmark.sh ROENTGEN_BINARY [DATA_DIR]
#   ROENTGEN_BINARY  a Release build of `roentgen` (this script builds nothing), e.g.
#                    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-bench roentgen
#   DATA_DIR         where bench/generate_ct_series.py writes (default /tmp/roentgen-bench); generated
#                    when it lacks the 500 slices or the multi-frame file.
# Environment: RUNS (15), PYDICOM_RUNS (5), WARMUP (2), ROENTGEN_CORPUS (../shared/corpus),
#              PYTHON (/usr/bin/python3: Debian's, with python3-pydicom), OUTPUT (BENCHMARKS.md at the top),
#              ROENTGEN_COMMIT (the commit the binary was built from, if not this checkout's HEAD).
# Prints the tables and replaces the "Header parsing (issue 2)" section of OUTPUT. Exit status 2
# when a target (5x dcmdump, < 20 MB peak RSS) is missed.
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
corpus="${ROENTGEN_CORPUS:-$root/../shared/corpus}"
output="${OUTPUT:-$root/BENCHMARKS.md}"

missing=()
for tool in dcmdump /usr/bin/time "$python"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
"$python" -c 'import pydicom, numpy' 2>/dev/null || missing+=("pydicom/numpy for $python")
[[ -f "$corpus/MANIFEST.tsv" ]] || missing+=("corpus at $corpus (set ROENTGEN_CORPUS)")
if ((${#missing[@]})); then
    echo "run_header_benchmark: missing: ${missing[*]} (scripts/install-dependencies.sh installs the tools)" >&2
    exit 1
fi
if "$roentgen" --version >/dev/null 2>&1 && ! grep -q "Release" "$(dirname "$roentgen")/../../CMakeCache.txt" 2>/dev/null; then
    echo "run_header_benchmark: warning: $roentgen may not be a Release build" >&2
fi

slices=$( (find "$data/ct" -name '*.dcm' 2>/dev/null || true) | wc -l)  # no folder yet: 0
if [[ "$slices" -ne 500 || ! -f "$data/multiframe.dcm" ]]; then
    echo "run_header_benchmark: generating the data in $data" >&2
    "$python" "$here/generate_ct_series.py" --out "$data"
fi

# All paths are passed as arguments: they must not need quoting.
if find "$data/ct" -name '*[[:space:]]*' | grep -q . || cut -f1 "$corpus/MANIFEST.tsv" | grep -q '[[:space:]]'; then
    echo "run_header_benchmark: file names with spaces are not supported" >&2
    exit 1
fi

export TCP_NODELAY=1  # as for every DCMTK peer (PEERS.md); no effect on dcmdump, kept for uniformity
exec "$python" "$here/header_benchmark.py" --roentgen "$roentgen" --ct-dir "$data/ct" \
    --multiframe "$data/multiframe.dcm" --corpus "$corpus" --python "$python" \
    --runs "${RUNS:-15}" --pydicom-runs "${PYDICOM_RUNS:-5}" --warmup "${WARMUP:-2}" --output "$output"
