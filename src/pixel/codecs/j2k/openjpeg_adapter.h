// pixel/codecs/j2k/openjpeg_adapter.h — JPEG 2000 Part 1 codestreams to and from our decoded frame layout through
// OpenJPEG (private to codecs/j2k/).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// Decodes a J2K codestream or a JP2 file (ISO/IEC 15444-1 Annex A, Annex I) into `out`, laid out
/// as PixelCodec::decode says. Components must match Samples per Pixel, Rows and Columns, without
/// subsampling; samples are written as OpenJPEG reconstructs them (inverse RCT/ICT applied when
/// the COD marker asks for it, PS3.5 8.2.4), 1-bit components as 0/1. `threads` > 1 lets OpenJPEG
/// decode code-blocks in parallel. Truncated or damaged streams are errors (strict mode).
[[nodiscard]] Result<void> openjpeg_decode(std::span<const uint8_t> stream, const PixelDescription& d,
                                           std::span<uint8_t> out, unsigned threads);

struct OpenJpegEncodeParams {
    bool reversible = true; ///< 5/3 wavelet (lossless); false: 9/7 (ISO/IEC 15444-1 Annex F).
    bool mct = false;       ///< Multiple component transform of three components (RCT or ICT, Annex G).
    float ratio = 0;        ///< Compression ratio of the single quality layer; 0: keep every bit.
    unsigned threads = 1;   ///< Code-block coding threads (OpenJPEG 2.5 encodes code-blocks in parallel).
};

/// Encodes one decoded frame (Bits Stored as the precision, signed as two's complement of Bits
/// Stored bits, 1-bit data at precision 1) as a J2K codestream: one tile, one quality layer,
/// LRCP, 64x64 code-blocks, up to five decomposition levels.
[[nodiscard]] Result<std::vector<uint8_t>> openjpeg_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                                           const OpenJpegEncodeParams& params);

} // namespace roentgen::internal
