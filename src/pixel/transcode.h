// pixel/transcode.h — re-encoding the Pixel Data of a Part 10 file in another transfer syntax (PS3.5 8.2, A.4).
#pragma once

#include "base/result.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/pixel_codec.h"

namespace roentgen {

struct TranscodeOptions {
    const TransferSyntax* target = nullptr;
    EncodeOptions encode;
    unsigned threads = 0;  ///< Frames decoded in parallel (0: one thread per core).
};

/// What a transcode did.
struct TranscodeResult {
    bool changed_pixels = false;  ///< Pixel Data was decoded and written anew.
    bool lossy = false;           ///< The new encoding lost information: the object got a new SOP Instance UID.
};

/// Re-encodes `file` for `options.target` and sets file.transfer_syntax to it:
/// - encapsulated to native: every frame decoded, Pixel Data native (1-bit data packed again,
///   PS3.5 8.1.1), colour by pixel, Photometric Interpretation as decoded (YBR_FULL_422 ->
///   YBR_FULL, YBR_RCT/YBR_ICT -> RGB); Extended Offset Table removed;
/// - to an encapsulated syntax: each frame encoded by the registry's codec (PS3.5 A.4: one
///   fragment per frame, offset table), Photometric/Planar as the codec requires;
/// - lossy encodings (JPEG baseline, JPEG-LS near-lossless, irreversible JPEG 2000/HTJ2K, lossy
///   JPEG XL) set Lossy Image Compression "01" and append to Lossy Image Compression Ratio and
///   Method (PS3.3 C.7.6.1.1.5), and the object gets a new SOP Instance UID (PS3.5 8.2: a lossy
///   derivative is a new instance; PS3.3 C.12.1.1.1); the meta follows on write.
/// Between two native syntaxes, or for objects without Pixel Data, only the transfer syntax
/// changes. Float Pixel Data cannot be encapsulated (Errc::Unsupported); neither can a syntax
/// without an encoder here (video) be a target.
[[nodiscard]] Result<TranscodeResult> transcode(Part10File& file, const CodecRegistry& codecs,
                                                const TranscodeOptions& options);

/// The transfer syntax named by a UID, a UID keyword of PS3.6 (ExplicitVRLittleEndian,
/// JPEGLSLossless, …; case ignored) or a short name: implicit, explicit, big, deflate, rle,
/// jpeg (baseline), jpeg12 (extended), jpeg-lossless (SV1), jpeg-ls, jpeg-ls-near, j2k,
/// j2k-lossy, htj2k, htj2k-rpcl, htj2k-lossy, jpegxl, jpegxl-lossy, deflate-frame.
const TransferSyntax* find_transfer_syntax_by_name(std::string_view name);

}  // namespace roentgen
