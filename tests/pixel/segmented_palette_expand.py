# Prints pydicom's expansion of the segmented palette colour LUTs of a file: one line per channel
# (red, green, blue), entries separated by spaces. Used by tests/pixel/segmented_palette_test.cpp.
import struct
import sys

import pydicom
from pydicom.pixel_data_handlers.util import _expand_segmented_lut

ds = pydicom.dcmread(sys.argv[1])
for keyword in ("SegmentedRedPaletteColorLookupTableData", "SegmentedGreenPaletteColorLookupTableData",
                "SegmentedBluePaletteColorLookupTableData"):
    data = ds[keyword].value
    eight_bit = ds.RedPaletteColorLookupTableDescriptor[2] == 8
    fmt = "<" + str(len(data) // (1 if eight_bit else 2)) + ("B" if eight_bit else "H")
    print(" ".join(str(v) for v in _expand_segmented_lut(struct.unpack(fmt, data), fmt)))
