// pixel/codecs/htj2k/openjph_adapter.h — HTJ2K codestreams from our decoded frame layout through OpenJPH (private to
// codecs/htj2k/). Decoding is OpenJPEG's: see htj2k_codec.h.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

struct OpenJphEncodeParams {
    bool reversible = true; ///< 5/3 wavelet; false: 9/7 with `quantization_step`.
    bool color_transform = false;
    float quantization_step = 0; ///< Base step for irreversible coding, relative to the sample range.
    unsigned decompositions = 5;
    const char* progression = "RPCL";
};

/// Encodes one decoded frame (Bits Stored as the bit depth, signed as two's complement of Bits
/// Stored bits) as an HTJ2K codestream: one tile, 64x64 code-blocks.
[[nodiscard]] Result<std::vector<uint8_t>> openjph_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                                          const OpenJphEncodeParams& params);

} // namespace roentgen::internal
