#!/usr/bin/python3
"""tests/interop/pydicom_elements.py — lists the data set of DICOM files as pydicom reads them.

Usage: pydicom_elements.py FILE...

For each file prints "# file PATH", "# syntax UID", "# meta" and a line per File Meta Information
element, then "# dataset" and one line per element of the data set, depth first:
    PATH <TAB> VR <TAB> VALUE
PATH is "(gggg,eeee)" with enclosing sequences and item numbers in front, e.g.
"(0008,1115)[0](0008,1150)". VALUE is, by VR:
    SQ                      items=N (the items' elements follow)
    text VRs                hex of the raw value bytes as in the file (padding included)
    US SS UL SL UV SV       the decoded numbers joined by "\"
    FL FD                   repr() of the decoded numbers (shortest exact form) joined by "\"
    AT                      "(gggg,eeee)" tags joined by "\"
    OB OD OF OL OV OW UN    len=N sha256=HEX of the raw bytes, in the file's byte order
A file pydicom cannot read prints "# error MESSAGE" and the listing goes on with the next file.
"""
import hashlib
import sys

import pydicom
from pydicom.dataelem import RawDataElement
from pydicom.sequence import Sequence

TEXT_VRS = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
INTEGER_VRS = {"US", "SS", "UL", "SL", "UV", "SV"}
FLOAT_VRS = {"FL", "FD"}
BINARY_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}


def values(value):
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return list(value)
    return [value]


def tag_text(tag):
    return "({:04X},{:04X})".format(tag >> 16, tag & 0xFFFF)


def raw_and_vr(dataset, tag):
    """The value bytes as stored in the file (None when pydicom parsed them already, as it does
    sequences) and the VR: the file's when explicit, else pydicom's dictionary and its rules for
    ambiguous ones (US/SS, OB/OW). Must run before dataset[tag] converts the element."""
    item = dataset.get_item(tag)
    raw, vr = None, None
    if isinstance(item, RawDataElement):
        raw = item.value if item.value is not None else b""
        if item.VR is not None and " or " not in item.VR:
            vr = item.VR
    element = dataset[tag]
    vr = vr or element.VR
    # pydicom 2.3 has VR as a str enum whose format() gives "VR.OW": print the plain name.
    return raw, str(getattr(vr, "value", vr)), element


def list_dataset(dataset, prefix, out):
    for tag in sorted(dataset.keys()):
        path = prefix + tag_text(tag)
        raw, vr, element = raw_and_vr(dataset, tag)
        if vr == "SQ" or isinstance(element.value, Sequence):
            items = element.value or []
            out.write("{}\tSQ\titems={}\n".format(path, len(items)))
            for index, item in enumerate(items):
                list_dataset(item, "{}[{}]".format(path, index), out)
            continue
        if vr in TEXT_VRS:
            if raw is None:
                # pydicom converts Specific Character Set while reading: rebuild its bytes, padded
                # to even length as in the file.
                raw = "\\".join(str(v) for v in values(element.value)).encode("latin-1")
                if len(raw) % 2:
                    raw += b"\0" if vr == "UI" else b" "
            text = raw.hex()
        elif vr in INTEGER_VRS:
            text = "\\".join(str(int(v)) for v in values(element.value))
        elif vr in FLOAT_VRS:
            text = "\\".join(repr(float(v)) for v in values(element.value))
        elif vr == "AT":
            text = "\\".join(tag_text(int(v)) for v in values(element.value))
        else:
            data = raw if raw is not None else (element.value or b"")
            text = "len={} sha256={}".format(len(data), hashlib.sha256(data).hexdigest())
        out.write("{}\t{}\t{}\n".format(path, vr, text))


def main():
    out = sys.stdout
    for path in sys.argv[1:]:
        out.write("# file {}\n".format(path))
        try:
            dataset = pydicom.dcmread(path)
            out.write("# syntax {}\n".format(dataset.file_meta.TransferSyntaxUID))
            out.write("# meta\n")
            list_dataset(dataset.file_meta, "", out)
            out.write("# dataset\n")
            list_dataset(dataset, "", out)
        except Exception as error:  # report and go on: one bad file must not hide the others
            out.write("# error {}: {}\n".format(type(error).__name__, str(error).replace("\n", " ")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
