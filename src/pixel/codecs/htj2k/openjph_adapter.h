// pixel/codecs/htj2k/openjph_adapter.h — HTJ2K codestreams to and from our decoded frame layout through OpenJPH
// (private to codecs/htj2k/).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// Decodes an HTJ2K codestream (ISO/IEC 15444-15) into `out`, laid out as PixelCodec::decode
/// says: components must match Samples per Pixel, Rows and Columns without subsampling; the
/// inverse RCT/ICT is applied when the codestream says so; lossy samples are clamped to the
/// component's range. OpenJPH's exceptions are caught here and become errors.
[[nodiscard]] Result<void> openjph_decode(std::span<const uint8_t> codestream, const PixelDescription& d,
                                          std::span<uint8_t> out);

struct OpenJphEncodeParams {
    bool reversible = true;     ///< 5/3 wavelet; false: 9/7 with `quantization_step`.
    bool color_transform = false;
    float quantization_step = 0;  ///< Base step for irreversible coding, relative to the sample range.
    unsigned decompositions = 5;
    const char* progression = "RPCL";
};

/// Encodes one decoded frame (Bits Stored as the bit depth, signed as two's complement of Bits
/// Stored bits) as an HTJ2K codestream: one tile, 64x64 code-blocks.
[[nodiscard]] Result<std::vector<uint8_t>> openjph_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                                          const OpenJphEncodeParams& params);

}  // namespace roentgen::internal
