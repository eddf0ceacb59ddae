#!/usr/bin/python3
# bench/pydicom_dump.py — the pydicom side of the header benchmark: print every header element of each file.
"""Usage: pydicom_dump.py [--full] FILE...

For each file, dcmread(FILE, stop_before_pixels=True) (retried with force=True for files without
a preamble, as the corpus references were made) and str(dataset), which prints the File Meta
Information and every element, nested ones included — the work `dcmdump` and `roentgen dump` do.
--full reads Pixel Data too (for the peak memory comparison). A file that fails is reported on
stderr and skipped; the exit status is then 1.
"""

import sys

import pydicom
from pydicom.errors import InvalidDicomError


def main(argv):
    full = "--full" in argv
    paths = [a for a in argv if a != "--full"]
    status = 0
    out = sys.stdout
    for path in paths:
        try:
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=not full)
            except InvalidDicomError:
                ds = pydicom.dcmread(path, stop_before_pixels=not full, force=True)
            out.write(str(ds))
            out.write("\n")
        except Exception as e:  # noqa: BLE001 — a benchmark lists what it can, as dcmdump does
            print(f"pydicom_dump: {path}: {type(e).__name__}: {e}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
