#!/usr/bin/python3
# bench/codec_benchmark.py — decode and encode MB/s of each lossless codec: roentgen vs DCMTK vs GDCM, one series.
"""Usage: codec_benchmark.py --roentgen BUILD/src/cli/roentgen [--frames 500] [--data DIR] [--runs 3] [--only PART] [--decode-to null|file]

Writes DIR/native.dcm: a multi-frame CT image of FRAMES frames 512x512, 16 bits allocated, 12 stored
(a phantom with Gaussian noise of 10 stored values, so that the codecs have entropy to code), then
for RLE, JPEG Lossless SV1, JPEG-LS lossless, JPEG 2000 lossless and HTJ2K lossless:
  encode   native.dcm -> X.dcm        by each tool that encodes the syntax (one run each);
  decode   roentgen's X.dcm -> native by each tool that decodes it (median of --runs).
MB/s counts decoded bytes (frames x 512 x 512 x 2). Each output is checked: decoded by roentgen
it must hold the original pixels. Then the lossy syntaxes (LOSSY below: JPEG 12-bit, JPEG-LS
near-lossless, JPEG 2000 and HTJ2K irreversible, JPEG XL): encode by each tool, decode of
roentgen's file by each tool, and for every tool's output its ratio, PSNR and largest error
as roentgen decodes it (JPEG-LS must stay within NEAR). --only lossless|lossy runs one part.
Timed decodes write to /dev/null unless --decode-to file (correctness is checked on files apart).
Prints a Markdown section for BENCHMARKS.md.
Environment: TCP_NODELAY=1 is set for the DCMTK tools as everywhere (no effect here).
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

ROWS = COLUMNS = 512
CT = "1.2.840.10008.5.1.4.1.1.2"

SYNTAXES = [
    # name, roentgen --to, uid, encoders {tool: command}, decoders {tool: command}; {i} input, {o} output
    ("RLE Lossless", "rle", "1.2.840.10008.1.2.5",
     {"dcmtk": "dcmcrle {i} {o}", "gdcm": "gdcmconv --rle {i} {o}"},
     {"dcmtk": "dcmdrle {i} {o}", "gdcm": "gdcmconv --raw {i} {o}"}),
    ("JPEG Lossless SV1", "jpeg-lossless", "1.2.840.10008.1.2.4.70",
     {"dcmtk": "dcmcjpeg +e1 {i} {o}", "gdcm": "gdcmconv --jpeg {i} {o}"},
     {"dcmtk": "dcmdjpeg {i} {o}", "gdcm": "gdcmconv --raw {i} {o}"}),
    ("JPEG-LS Lossless", "jpeg-ls", "1.2.840.10008.1.2.4.80",
     {"dcmtk": "dcmcjpls {i} {o}", "gdcm": "gdcmconv --jpegls {i} {o}"},
     {"dcmtk": "dcmdjpls {i} {o}", "gdcm": "gdcmconv --raw {i} {o}"}),
    ("JPEG 2000 Lossless", "j2k", "1.2.840.10008.1.2.4.90",
     {"gdcm": "gdcmconv --j2k {i} {o}"},
     {"gdcm": "gdcmconv --raw {i} {o}"}),
    ("HTJ2K Lossless", "htj2k", "1.2.840.10008.1.2.4.201", {}, {}),
]

LOSSY = [
    # name, roentgen transcode arguments, encoders {tool: command}, decoders {tool: command}, NEAR bound or
    # None. Settings are chosen so the tools land at similar ratios; ratio and PSNR are printed for each.
    ("JPEG Extended 12-bit, quality 90", "--to jpeg12 --quality 90",
     {"dcmtk": "dcmcjpeg +ee +q 90 {i} {o}", "gdcm": "gdcmconv --jpeg --lossy -q 90 {i} {o}"},
     {"dcmtk": "dcmdjpeg {i} {o}", "gdcm": "gdcmconv --raw {i} {o}"}, None),
    ("JPEG-LS near-lossless, NEAR 2", "--to jpeg-ls-near --near-lossless 2",
     {"dcmtk": "dcmcjpls +en +md 2 {i} {o}", "gdcm": "gdcmconv --jpegls --lossy -e 2 {i} {o}"},
     {"dcmtk": "dcmdjpls {i} {o}", "gdcm": "gdcmconv --raw {i} {o}"}, 2),
    ("JPEG 2000 irreversible, about 8:1", "--to j2k-lossy --quality 74",
     {"gdcm": "gdcmconv --j2k --lossy --irreversible -r 8 {i} {o}"},
     {"gdcm": "gdcmconv --raw {i} {o}"}, None),
    ("HTJ2K irreversible, quality 90", "--to htj2k-lossy --quality 90", {}, {}, None),
    ("JPEG XL lossy, quality 90", "--to jpegxl-lossy --quality 90", {}, {}, None),
]


def generate(path, frames):
    rng = np.random.default_rng(20261202)
    y, x = np.ogrid[:ROWS, :COLUMNS]
    body = ((x - COLUMNS / 2) / 220.0) ** 2 + ((y - ROWS / 2) / 170.0) ** 2
    base = np.zeros((ROWS, COLUMNS), dtype=np.float64)
    base[body <= 1.0] = 1024 + 40
    base[(body > 0.85) & (body <= 0.9)] = 1024 + 700
    pixels = np.empty((frames, ROWS, COLUMNS), dtype=np.uint16)
    for f in range(frames):
        noise = rng.normal(0.0, 10.0, (ROWS, COLUMNS))
        pixels[f] = np.clip(base + noise * (body <= 1.0), 0, 4095).astype(np.uint16)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = CT
    ds.file_meta.MediaStorageSOPInstanceUID = "2.25.20261202" + str(frames)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = CT
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = "2.25.1"
    ds.SeriesInstanceUID = "2.25.2"
    ds.Modality = "CT"
    ds.PatientName = "Codec^Benchmark"
    ds.PatientID = "CODEC"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames
    ds.Rows, ds.Columns = ROWS, COLUMNS
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels.tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(path, write_like_original=False)
    return pixels.tobytes()


def timed(command, env):
    start = time.perf_counter()
    result = subprocess.run(command, shell=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{command}: exit {result.returncode}: {result.stderr[-500:]}")
    return elapsed


def pixels_of(roentgen, path, out):
    subprocess.run([roentgen, "pixels", path, "--raw", out], check=True)
    with open(out, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


DECODE_TO = {"value": "null"}


def sink(path):
    """Where a timed decode writes: /dev/null (the default: every tool's output is then free of this
    machine's page-cache writes, ~0.5-1 GB/s and very uneven here) or the file `path`."""
    return "/dev/null" if DECODE_TO["value"] == "null" else path


def decoded_array(roentgen, path, out):
    subprocess.run([roentgen, "pixels", path, "--raw", out], check=True, capture_output=True, text=True)
    return np.fromfile(out, dtype=np.uint16).astype(np.int32)


def quality(original, decoded, bits=12):
    """PSNR in dB over the stored range and the largest absolute error."""
    error = decoded - original
    mse = float(np.mean(error.astype(np.float64) ** 2))
    peak = (1 << bits) - 1
    psnr = float("inf") if mse == 0 else 10 * np.log10(peak * peak / mse)
    return psnr, int(np.max(np.abs(error)))


def lossy_section(roentgen, native, raw, data, runs, env):
    original = np.frombuffer(raw, dtype=np.uint16).astype(np.int32)
    megabytes = len(raw) / 1e6
    check = os.path.join(data, "check.raw")
    lines = ["| setting | tool | ratio | PSNR dB | max error | encode MB/s | decode MB/s (roentgen's file) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    notes = []
    for name, arguments, encoders, decoders, near in LOSSY:
        short = arguments.split()[1]
        outputs = {"roentgen": os.path.join(data, f"{short}.roentgen.dcm")}
        encode = {"roentgen": timed(f"{roentgen} transcode {arguments} {native} {outputs['roentgen']}", env)}
        for tool, command in encoders.items():
            outputs[tool] = os.path.join(data, f"{short}.{tool}.dcm")
            encode[tool] = timed(command.format(i=native, o=outputs[tool]), env)
        decode = {"roentgen": [timed(f"{roentgen} pixels {outputs['roentgen']} --raw {sink(check)}", env)
                               for _ in range(runs)]}
        for tool, command in decoders.items():
            out = os.path.join(data, f"{short}.decoded.{tool}.dcm")
            decode[tool] = [timed(command.format(i=outputs["roentgen"], o=sink(out)), env) for _ in range(runs)]
        for tool in ["roentgen", "dcmtk", "gdcm"]:
            if tool not in outputs:
                continue
            # Every tool's output is decoded by roentgen and compared with the original pixels.
            try:
                psnr, worst = quality(original, decoded_array(roentgen, outputs[tool], check))
            except subprocess.CalledProcessError as failure:
                if tool == "roentgen":
                    raise
                reason = (failure.stderr or "").strip().splitlines()[-1:] or ["?"]
                lines.append(f"| {name} | {tool} | — | — | — | {megabytes / encode[tool]:.0f} | — |")
                notes.append(f"{name}: {tool}'s output does not decode in roentgen ({reason[0]})")
                continue
            if near is not None and worst > near:
                sys.exit(f"{name}: {tool}'s output deviates by {worst}, more than NEAR {near}")
            ratio = len(raw) / os.path.getsize(outputs[tool])
            decode_mbs = f"{megabytes / statistics.median(decode[tool]):.0f}" if tool in decode else "—"
            lines.append(f"| {name} | {tool} | {ratio:.1f} | {psnr:.1f} | {worst} | {megabytes / encode[tool]:.0f} | "
                         f"{decode_mbs} |")
    commands = "; ".join(f"{name}: roentgen `transcode {arguments}`" +
                         "".join(f", `{c}`" for c in list(e.values()) + list(d.values()))
                         for name, arguments, e, d, _ in LOSSY)
    return ("\n".join(lines) + "\n\n" + "".join(f"- {note}\n" for note in notes) +
            "\nCommands (i: input, o: output): " + commands)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roentgen", required=True)
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--data", default="/tmp/roentgen-codec-bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["all", "lossless", "lossy"], default="all")
    parser.add_argument("--decode-to", choices=["null", "file"], default="null",
                        help="timed decodes write to /dev/null (default) or to files")
    args = parser.parse_args()
    DECODE_TO["value"] = args.decode_to
    roentgen = os.path.abspath(args.roentgen)
    os.makedirs(args.data, exist_ok=True)
    native = os.path.join(args.data, "native.dcm")
    raw = generate(native, args.frames)
    expected = hashlib.sha256(raw).hexdigest()
    megabytes = len(raw) / 1e6
    env = dict(os.environ, TCP_NODELAY="1")
    if args.only != "lossless":
        lossy = lossy_section(roentgen, native, raw, args.data, args.runs, env)
        if args.only == "lossy":
            print(lossy)
            return 0
    rows = []
    decode_speed = {}
    for name, short, uid, encoders, decoders in SYNTAXES:
        ours = os.path.join(args.data, f"{short}.roentgen.dcm")
        encode = {"roentgen": timed(f"{roentgen} transcode --to {short} {native} {ours}", env)}
        size = os.path.getsize(ours)
        check = os.path.join(args.data, "check.raw")
        if pixels_of(roentgen, ours, check) != expected:
            sys.exit(f"{name}: roentgen's output does not decode to the original pixels")
        for tool, command in encoders.items():
            theirs = os.path.join(args.data, f"{short}.{tool}.dcm")
            encode[tool] = timed(command.format(i=native, o=theirs), env)
            if pixels_of(roentgen, theirs, check) != expected:
                sys.exit(f"{name}: {tool}'s output does not decode to the original pixels in roentgen")
        decode = {"roentgen": [timed(f"{roentgen} pixels {ours} --raw {sink(check)}", env) for _ in range(args.runs)]}
        for tool, command in decoders.items():
            out = os.path.join(args.data, f"{short}.decoded.{tool}.dcm")
            decode[tool] = [timed(command.format(i=ours, o=sink(out)), env) for _ in range(args.runs)]
        decode = {tool: statistics.median(times) for tool, times in decode.items()}
        decode_speed[short] = megabytes / decode["roentgen"]
        rows.append((name, len(raw) / size, encode, decode))
    where = "/dev/null" if args.decode_to == "null" else "files"
    print(f"**{args.frames} frames 512x512, 12 of 16 bits ({megabytes:.0f} MB decoded), noise sigma 10; "
          f"timed decodes write to {where}**\n")
    print("| syntax | ratio (ours) | decode MB/s roentgen | DCMTK | GDCM | decode vs faster peer "
          "| encode MB/s roentgen | DCMTK | GDCM | encode vs faster peer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, ratio, encode, decode in rows:
        def speed(d, tool):
            return f"{megabytes / d[tool]:.0f}" if tool in d else "—"
        def versus(d):
            peers = [d[t] for t in ("dcmtk", "gdcm") if t in d]
            return f"{min(peers) / d['roentgen']:.1f}×" if peers else "no peer"
        print(f"| {name} | {ratio:.2f} | {speed(decode, 'roentgen')} | {speed(decode, 'dcmtk')} | "
              f"{speed(decode, 'gdcm')} | {versus(decode)} | {speed(encode, 'roentgen')} | {speed(encode, 'dcmtk')} | "
              f"{speed(encode, 'gdcm')} | {versus(encode)} |")
    print(f"\nHTJ2K decode / our JPEG 2000 decode: {decode_speed['htj2k'] / decode_speed['j2k']:.1f}×")
    print("\nCommands (i: input, o: output): roentgen `transcode --to NAME i o` and `pixels i --raw o`; "
          + "; ".join(f"{name}: " + ", ".join(list(e.values()) + list(d.values()))
                      for name, _, _, e, d in SYNTAXES if e or d))
    if args.only == "all":
        print(f"\n**Lossy, the same {args.frames} frames** (PSNR over the 12 stored bits, peak 4095; every "
              "output decoded by roentgen)\n")
        print(lossy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
