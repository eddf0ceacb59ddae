// pixel/codecs/jpeg_lossless/jpeg_lossless_decoder.h — decodes one lossless JPEG (process 14) codestream into
// interleaved samples.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "pixel/codecs/jpeg_lossless/huffman_table.h"

namespace roentgen::internal {

/// What the caller expects the codestream to hold, and where the samples go: `out` has
/// width * height * components samples of `bytes_per_sample` (1 or 2) bytes, little endian,
/// components interleaved in frame order.
struct LjpegDecodeTarget {
    std::span<uint8_t> out;
    uint32_t width = 0;
    uint32_t height = 0;
    unsigned components = 1;
    unsigned bytes_per_sample = 2;
};

/// What the codestream said, for callers that check or retry.
struct LjpegDecodeReport {
    unsigned precision = 0; ///< P of the frame header (T.81 B.2.2).
    unsigned predictor = 0; ///< Ss of the last scan (T.81 H.1.2.1, Table H.1).
    unsigned point_transform = 0;
    uint64_t cornell_uses = 0; ///< LjpegMode::CornellEncoder readings that were needed.
    /// Whole bytes of entropy-coded data that no sample used, over all scans: 0 for a stream
    /// that was read as it was written.
    uint64_t unused_bytes = 0;
};

/// Decodes an SOF3 codestream (T.81 Annex H; markers of Annex B): interleaved or one scan per
/// component, predictors 1..7, point transform, restart intervals, precision 2..16, sampling
/// factors 1x1 only. Samples are (Px + DIFF) mod 2^16 shifted left by Pt, as libjpeg does, so
/// streams whose samples exceed P bits still give the encoder's values. A missing EOI and up to
/// 32 missing bits at the end of a scan are tolerated (padding some encoders leave out); anything
/// else that is wrong is an error, never a partly decoded image.
[[nodiscard]] Result<LjpegDecodeReport> decode_ljpeg(std::span<const uint8_t> stream, const LjpegDecodeTarget& target,
                                                     LjpegMode mode = LjpegMode::Standard);

} // namespace roentgen::internal
