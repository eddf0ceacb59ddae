// pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.h — encodes samples as a lossless JPEG (process 14) codestream.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace roentgen::internal {

struct LjpegEncodeParams {
    uint32_t width = 0;
    uint32_t height = 0;
    unsigned components = 1;            ///< 1..4, interleaved in the input.
    unsigned precision = 16;            ///< P, 2..16 (T.81 B.2.2); only the low P bits of each sample are coded.
    unsigned predictor = 1;             ///< Selection value 1..7 (T.81 Table H.1).
    unsigned point_transform = 0;       ///< Pt: samples are shifted right by Pt before coding (lossy when > 0).
    uint32_t restart_interval_rows = 0; ///< RSTn every this many rows; 0 for none (T.81 B.2.4.4).
    bool interleaved = true;            ///< One scan of all components, or one scan per component.
};

/// Writes SOI, SOF3, one DHT with an optimal table per component (two passes, T.81 K.2), DRI when
/// asked, the scan(s) and EOI; padded with a 0x00 to even length (a DICOM fragment, PS3.5 A.4).
/// `samples` holds width * height * components samples of `bytes_per_sample` (1 or 2) bytes,
/// little endian.
[[nodiscard]] Result<std::vector<uint8_t>> encode_ljpeg(std::span<const uint8_t> samples, unsigned bytes_per_sample,
                                                        const LjpegEncodeParams& params);

} // namespace roentgen::internal
