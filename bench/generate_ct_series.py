#!/usr/bin/python3
# bench/generate_ct_series.py — synthetic benchmark data: a 500-slice CT series and a 1 GiB multi-frame file.
"""Writes the data the header benchmark (bench/run_header_benchmark.sh) reads.

  OUT/ct/slice_0001.dcm ...  CT Image Storage, explicit VR little endian, 512x512x16-bit, ~531 kB
                             each: ~110 header elements with four sequences, a private block with a
                             vendor-style binary blob, then Pixel Data (a water phantom).
  OUT/multiframe.dcm         Enhanced CT Image Storage, 2048 frames 512x512x16-bit (1 GiB of Pixel
                             Data) with a per-frame functional group item per frame. The pixel data
                             is streamed to disk frame by frame, never held in memory.

Deterministic: the same arguments give the same bytes. Needs Debian's /usr/bin/python3 with
python3-pydicom and python3-numpy (see /work/shared/PEERS.md).
"""

import argparse
import hashlib
import os
import struct
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
ENHANCED_CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1"
ROWS = COLUMNS = 512


def uid(*parts):
    """A stable UID under 2.25 (PS3.5 B.2) derived from the parts."""
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return "2.25." + str(int.from_bytes(digest[:15], "big"))


def code_item(value, scheme, meaning):
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def file_meta(sop_class, sop_instance):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("roentgen-bench-implementation")
    meta.ImplementationVersionName = "RTGN_BENCH_1"
    meta.SourceApplicationEntityTitle = "BENCH_CT01"
    return meta


def patient_study_series(ds, study, series):
    """Patient, study, series, equipment and frame-of-reference modules shared by both outputs."""
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = "20240315"
    ds.StudyTime = "101502.123000"
    ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = "101812.456000"
    ds.AccessionNumber = "ACC20240315001"
    ds.Modality = "CT"
    ds.Manufacturer = "Roentgen Benchmark Systems"
    ds.InstitutionName = "Saint Elsewhere General Hospital"
    ds.InstitutionAddress = "12 Hospital Road^^Springfield^^12345^US"
    ds.ReferringPhysicianName = "Smith^John^^Dr."
    ds.StationName = "CTSTATION01"
    ds.StudyDescription = "CT THORAX ABDOMEN PELVIS WITH CONTRAST"
    ds.ProcedureCodeSequence = Sequence([code_item("CTTAP", "L", "CT Thorax Abdomen Pelvis with contrast")])
    ds.SeriesDescription = "Thorax-Abdomen 1.0 B30f"
    ds.InstitutionalDepartmentName = "Radiology"
    ds.PhysiciansOfRecord = "Jones^Mary"
    ds.OperatorsName = ["Tech^Alice", "Tech^Bob"]
    ds.ManufacturerModelName = "Bench CT 128"
    ds.PatientName = "Mueller^Hans^Peter"
    ds.PatientID = "PID0001234567"
    ds.IssuerOfPatientID = "SEGH"
    ds.PatientBirthDate = "19580704"
    ds.PatientSex = "M"
    ds.PatientAge = "065Y"
    ds.PatientSize = "1.78"
    ds.PatientWeight = "82.5"
    ds.BodyPartExamined = "CHEST"
    ds.DeviceSerialNumber = "SN-000042"
    ds.SoftwareVersions = ["VB42A", "1.7.3"]
    ds.ProtocolName = "ThoraxAbdomen_Contrast"
    ds.PatientPosition = "FFS"
    ds.StudyInstanceUID = uid("study", study)
    ds.SeriesInstanceUID = uid("series", series)
    ds.StudyID = "4711"
    ds.SeriesNumber = 3
    ds.AcquisitionNumber = 2
    ds.FrameOfReferenceUID = uid("frame-of-reference", study)
    ds.PositionReferenceIndicator = ""
    ds.RequestedProcedureDescription = "CT Thorax Abdomen Pelvis"
    ds.PerformedProcedureStepStartDate = "20240315"
    ds.PerformedProcedureStepStartTime = "101455"
    ds.PerformedProcedureStepID = "PPS123456"
    ds.PerformedProcedureStepDescription = "CT Thorax Abdomen Pelvis"
    request = Dataset()
    request.RequestedProcedureID = "RP0001"
    request.ScheduledProcedureStepID = "SPS0001"
    request.ScheduledProcedureStepDescription = "CT TAP contrast"
    ds.RequestAttributesSequence = Sequence([request])


def acquisition(ds):
    """CT Image module acquisition attributes (PS3.3 C.8.2.1)."""
    ds.ScanOptions = "HELICAL_CT"
    ds.SliceThickness = "1.0"
    ds.KVP = "120"
    ds.DataCollectionDiameter = "500"
    ds.ReconstructionDiameter = "380"
    ds.DistanceSourceToDetector = "1085.6"
    ds.DistanceSourceToPatient = "595"
    ds.GantryDetectorTilt = "0"
    ds.TableHeight = "152"
    ds.RotationDirection = "CW"
    ds.ExposureTime = "500"
    ds.XRayTubeCurrent = "240"
    ds.Exposure = "120"
    ds.FilterType = "FLAT"
    ds.GeneratorPower = "29"
    ds.FocalSpots = "1.2"
    ds.ConvolutionKernel = "B30f"
    ds.RevolutionTime = 0.5
    ds.SingleCollimationWidth = 0.6
    ds.TotalCollimationWidth = 38.4
    ds.TableSpeed = 46.0
    ds.TableFeedPerRotation = 23.0
    ds.SpiralPitchFactor = 0.6
    ds.CTDIvol = 8.42
    ds.CTDIPhantomTypeCodeSequence = Sequence([code_item("113691", "DCM", "IEC Body Dosimetry Phantom")])


def private_block(ds, index):
    """A vendor private block (PS3.5 7.8) with a binary blob, as CT scanners write (CSA-like)."""
    block = ds.private_block(0x0029, "ROENTGEN BENCH HEADER", create=True)
    block.add_new(0x08, "CS", "IMAGE NUM 4")
    block.add_new(0x09, "LO", "20240315")
    block.add_new(0x10, "OB", bytes((index * 7 + i) & 0xFF for i in range(4096)))
    block.add_new(0x11, "DS", ["0.5", "0.5"])
    block.add_new(0x12, "LO", "kernel=B30f;iterative=off;dose_mod=on")


def image_pixel(ds):
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ROWS
    ds.Columns = COLUMNS
    ds.PixelSpacing = ["0.742187500000", "0.742187500000"]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = ["40", "-600"]
    ds.WindowWidth = ["400", "1500"]
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    ds.WindowCenterWidthExplanation = ["WINDOW1", "WINDOW2"]
    ds.LossyImageCompression = "00"


def phantom(index, count):
    """A water ellipse with a bone ring and a slice-dependent lesion: stored values (HU + 1024)."""
    y, x = np.ogrid[:ROWS, :COLUMNS]
    cy, cx = ROWS / 2, COLUMNS / 2
    body = ((x - cx) / 220.0) ** 2 + ((y - cy) / 170.0) ** 2
    image = np.zeros((ROWS, COLUMNS), dtype=np.uint16)
    image[body <= 1.0] = 1024 + 40
    image[(body > 0.85) & (body <= 0.9)] = 1024 + 700
    r = 10 + 30 * index / max(count, 1)
    image[(x - cx - 60) ** 2 + (y - cy + 20) ** 2 <= r * r] = 1024 + 120
    return image


def ct_slice(index, count, series):
    ds = Dataset()
    sop_instance = uid("ct-slice", series, index)
    ds.file_meta = file_meta(CT_IMAGE_STORAGE, sop_instance)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL", "CT_SOM5 SPI"]
    ds.InstanceCreationDate = "20240315"
    ds.InstanceCreationTime = "101812.456000"
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_instance
    patient_study_series(ds, "study-1", series)
    acquisition(ds)
    references = []
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < count:
            ref = Dataset()
            ref.ReferencedSOPClassUID = CT_IMAGE_STORAGE
            ref.ReferencedSOPInstanceUID = uid("ct-slice", series, neighbour)
            references.append(ref)
    ds.ReferencedImageSequence = Sequence(references)
    # Undefined lengths, as many scanners write them (PS3.5 7.5.1); the other sequences are defined.
    ds["ReferencedImageSequence"].is_undefined_length = True
    for ref in references:
        ref.is_undefined_length_sequence_item = True
    ds.IrradiationEventUID = uid("irradiation", series)
    ds.InstanceNumber = index + 1
    z = -100.0 - index * 1.0
    ds.ImagePositionPatient = ["-190.0", "-190.0", f"{z:.1f}"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.SliceLocation = f"{z:.1f}"
    ds.ImageComments = f"slice {index + 1} of {count}"
    image_pixel(ds)
    private_block(ds, index)
    ds.PixelData = phantom(index, count).tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def write_series(directory, count):
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        path = os.path.join(directory, f"slice_{index + 1:04d}.dcm")
        pydicom.dcmwrite(path, ct_slice(index, count, "series-1"), write_like_original=False)
    return count


def write_multiframe(path, frames):
    """Enhanced CT (PS3.3 A.38) whose Pixel Data is appended frame by frame after the header."""
    ds = Dataset()
    sop_instance = uid("enhanced-ct", frames)
    ds.file_meta = file_meta(ENHANCED_CT_IMAGE_STORAGE, sop_instance)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL", "NONE"]
    ds.InstanceCreationDate = "20240315"
    ds.InstanceCreationTime = "101812.456000"
    ds.SOPClassUID = ENHANCED_CT_IMAGE_STORAGE
    ds.SOPInstanceUID = sop_instance
    patient_study_series(ds, "study-1", "series-enhanced")
    ds.InstanceNumber = 1
    ds.ContentQualification = "PRODUCT"
    ds.NumberOfFrames = frames
    image_pixel(ds)
    del ds.WindowCenter, ds.WindowWidth, ds.WindowCenterWidthExplanation, ds.RescaleIntercept
    del ds.RescaleSlope, ds.RescaleType
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = ["0.742187500000", "0.742187500000"]
    measures.SliceThickness = "1.0"
    shared.PixelMeasuresSequence = Sequence([measures])
    orientation = Dataset()
    orientation.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    shared.PlaneOrientationSequence = Sequence([orientation])
    transform = Dataset()
    transform.RescaleIntercept = "-1024"
    transform.RescaleSlope = "1"
    transform.RescaleType = "HU"
    shared.PixelValueTransformationSequence = Sequence([transform])
    voi = Dataset()
    voi.WindowCenter = "40"
    voi.WindowWidth = "400"
    shared.FrameVOILUTSequence = Sequence([voi])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    for frame in range(frames):
        item = Dataset()
        content = Dataset()
        content.FrameAcquisitionNumber = 1
        content.InStackPositionNumber = frame + 1
        content.DimensionIndexValues = [1, frame + 1]
        item.FrameContentSequence = Sequence([content])
        position = Dataset()
        position.ImagePositionPatient = ["-190.0", "-190.0", f"{-100.0 - frame * 0.5:.1f}"]
        item.PlanePositionSequence = Sequence([position])
        per_frame.append(item)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    frame_bytes = ROWS * COLUMNS * 2
    length = frames * frame_bytes
    if length >= 0xFFFFFFFF:
        sys.exit(f"{frames} frames do not fit a defined-length Pixel Data element")
    temporary = path + ".part"
    with open(temporary, "wb") as f:
        pydicom.dcmwrite(f, ds, write_like_original=False)
        # (7FE0,0010) OW, explicit VR little endian: tag, VR, 2 reserved bytes, 4-byte length.
        f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, length))
        # A few distinct frames cycled: realistic bytes without holding 1 GiB.
        distinct = [phantom(i, 8).tobytes() for i in range(8)]
        for frame in range(frames):
            f.write(distinct[frame % len(distinct)])
    os.replace(temporary, path)
    return length


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/roentgen-bench", help="output directory (default %(default)s)")
    parser.add_argument("--slices", type=int, default=500, help="CT slices (default %(default)s)")
    parser.add_argument("--frames", type=int, default=2048, help="multi-frame frames (default %(default)s; 0: none)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.slices:
        write_series(os.path.join(args.out, "ct"), args.slices)
        size = os.path.getsize(os.path.join(args.out, "ct", "slice_0001.dcm"))
        print(f"{args.slices} CT slices of {size} bytes in {os.path.join(args.out, 'ct')}")
    if args.frames:
        path = os.path.join(args.out, "multiframe.dcm")
        write_multiframe(path, args.frames)
        print(f"{args.frames} frames, {os.path.getsize(path)} bytes: {path}")


if __name__ == "__main__":
    main()
