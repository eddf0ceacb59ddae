// pixel/codecs/jpeg/dct_encoder.h — our own encoder of extended sequential DCT-based JPEG (T.81 process 4: 12-bit
// samples, Huffman coding), for what libjpeg-turbo's 8-bit build cannot write.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace roentgen::internal {

/// One monochrome frame: width * height samples of `bytes_per_sample` (1 or 2, little endian),
/// each below 2^precision.
struct DctEncodeSource {
    std::span<const uint8_t> samples;
    uint32_t width = 0;
    uint32_t height = 0;
    unsigned bytes_per_sample = 2;
    unsigned precision = 12; ///< 8 or 12 (T.81 B.2.2).
    int quality = 90;        ///< 1..100, scaling the IJG luminance table as libjpeg's jpeg_set_quality.
};

/// Encodes one component in one sequential scan (SOF1; T.81 Annex F, markers of Annex B): islow
/// forward DCT with edge replication to whole blocks, the T.81 K.1 luminance table scaled to
/// `quality` (16-bit DQT entries when a value exceeds 255), optimal Huffman tables (K.2) from a
/// first pass over the coefficients. Samples at or above 2^precision are an error.
[[nodiscard]] Result<std::vector<uint8_t>> encode_dct_jpeg(const DctEncodeSource& source);

} // namespace roentgen::internal
