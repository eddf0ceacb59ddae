#!/usr/bin/python3
# bench/codec_benchmark.py — decode and encode MB/s of each lossless codec: roentgen vs DCMTK vs GDCM, one series.
"""Usage: codec_benchmark.py --roentgen BUILD/src/cli/roentgen [--frames 500] [--data DIR] [--runs 3]

Writes DIR/native.dcm: a multi-frame CT image of FRAMES frames 512x512, 16 bits allocated, 12 stored
(a phantom with Gaussian noise of 10 stored values, so that the codecs have entropy to code), then
for RLE, JPEG Lossless SV1, JPEG-LS lossless, JPEG 2000 lossless and HTJ2K lossless:
  encode   native.dcm -> X.dcm        by each tool that encodes the syntax (one run each);
  decode   roentgen's X.dcm -> native by each tool that decodes it (median of --runs).
MB/s counts decoded bytes (frames x 512 x 512 x 2). Each output is checked: decoded by roentgen
it must hold the original pixels. Prints a Markdown section for BENCHMARKS.md.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roentgen", required=True)
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--data", default="/tmp/roentgen-codec-bench")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    roentgen = os.path.abspath(args.roentgen)
    os.makedirs(args.data, exist_ok=True)
    native = os.path.join(args.data, "native.dcm")
    raw = generate(native, args.frames)
    expected = hashlib.sha256(raw).hexdigest()
    megabytes = len(raw) / 1e6
    env = dict(os.environ, TCP_NODELAY="1")
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
        decode = {"roentgen": [timed(f"{roentgen} pixels {ours} --raw {check}", env) for _ in range(args.runs)]}
        for tool, command in decoders.items():
            out = os.path.join(args.data, f"{short}.decoded.{tool}.dcm")
            decode[tool] = [timed(command.format(i=ours, o=out), env) for _ in range(args.runs)]
        decode = {tool: statistics.median(times) for tool, times in decode.items()}
        decode_speed[short] = megabytes / decode["roentgen"]
        rows.append((name, len(raw) / size, encode, decode))
    print(f"**{args.frames} frames 512x512, 12 of 16 bits ({megabytes:.0f} MB decoded), noise sigma 10**\n")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
