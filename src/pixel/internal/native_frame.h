// pixel/internal/native_frame.h — native (uncompressed) frame bytes to the decoded layout.
#pragma once

#include <span>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// Copies a stored native frame into the decoded layout: 1-bit data unpacked to one byte per
/// pixel (PS3.5 D: first pixel in the least significant bit), planar data interleaved,
/// YBR_FULL_422 expanded to full resolution (PS3.3 C.7.6.3.1.2). Samples stay little endian.
[[nodiscard]] Result<void> decode_native_frame(std::span<const uint8_t> stored, unsigned first_bit,
                                               const PixelDescription& description, std::span<uint8_t> out);

}  // namespace roentgen::internal
