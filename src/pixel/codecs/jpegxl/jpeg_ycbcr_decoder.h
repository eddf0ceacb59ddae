// pixel/codecs/jpegxl/jpeg_ycbcr_decoder.h — 8-bit JPEG bitstreams (ISO/IEC 10918-1) to full-resolution samples via
// libjpeg-turbo, for frames of JPEG XL JPEG Recompression (private to codecs/jpegxl/).
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// How the decoded JPEG components are given back.
enum class JpegColour {
    AsCoded, ///< YCbCr stays YCbCr (as pydicom 2.3.1 returns YBR_* JPEG data), grey stays grey.
    Rgb,     ///< libjpeg's own conversion to RGB, for data sets whose Photometric is RGB.
};

/// Decodes an 8-bit JPEG (baseline or extended) into `out`: interleaved, chroma upsampled by
/// libjpeg's default (fancy) upsampling, islow IDCT — what Pillow, and so pydicom's JPEG path,
/// does. Dimensions and component count must match `d` (Bits Allocated 8).
[[nodiscard]] Result<void> decode_jpeg_8bit(std::span<const uint8_t> jpeg, const PixelDescription& d, JpegColour colour,
                                            std::span<uint8_t> out);

} // namespace roentgen::internal
