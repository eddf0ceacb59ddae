// pixel/codecs/jpeg/libjpeg_adapter.h — 8-bit lossy JPEG through the system libjpeg-turbo; no libjpeg type leaves the
// adapter's .cpp.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "pixel/codecs/jpeg/dct_decoder.h"

namespace roentgen::internal {

/// Decodes an 8-bit DCT-based codestream (baseline, extended, progressive; Huffman or
/// arithmetic) into `target` (layout of DctDecodeTarget; 8-bit samples widened for 2-byte
/// targets). Components come out in the JPEG's own colour space: out_color_space is set to the
/// colour space libjpeg infers (JFIF, Adobe APP14 transform flag, component identifiers), so no
/// YCbCr->RGB conversion happens, as pydicom 2.3.1 and GDCM decode. islow IDCT, fancy
/// upsampling (libjpeg's defaults).
///
/// libjpeg's fatal errors come back as errors (its error_exit longjmps; nothing exits). Its
/// warnings are tolerated except those that mean image data is missing or wrong before the last
/// row was produced: a marker or end of data where entropy-coded bits were needed, an invalid
/// Huffman or arithmetic code, a restart marker out of place, and for progressive streams an
/// early end of data (later scans missing). A missing EOI and bytes between segments are only
/// warnings, as in libjpeg.
[[nodiscard]] Result<void> decode_with_libjpeg(std::span<const uint8_t> stream, const DctDecodeTarget& target);

/// What to encode: `samples` of width * height pixels, 1 or 3 interleaved 8-bit components.
struct LibjpegEncodeSource {
    std::span<const uint8_t> samples;
    uint32_t width = 0;
    uint32_t height = 0;
    unsigned components = 1;
    /// Three components that are already YCbCr (YBR_FULL input): written without a colour
    /// transform. Otherwise three components are RGB and converted to YCbCr (T.871).
    bool ycbcr_input = false;
    int quality = 90;
    unsigned restart_interval = 0; ///< MCUs between restart markers (T.81 B.2.4.4); 0 for none.
};

/// Encodes a baseline (process 1) JPEG: islow forward DCT, the IJG quantization tables scaled to
/// `quality` (1..100) and limited to 8 bits, optimized Huffman tables, a JFIF APP0 segment. Three
/// components are written as YCbCr with 2:1 horizontal chrominance subsampling (4:2:2), which
/// DICOM calls YBR_FULL_422 (PS3.5 8.2.1, PS3.3 C.7.6.3.1.2).
[[nodiscard]] Result<std::vector<uint8_t>> encode_with_libjpeg(const LibjpegEncodeSource& source);

} // namespace roentgen::internal
