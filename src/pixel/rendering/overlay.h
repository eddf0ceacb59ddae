// pixel/rendering/overlay.h — overlay planes (PS3.3 C.9.2) burned into a rendered frame.
#pragma once

#include <span>

#include "base/result.h"
#include "model/data_set.h"
#include "pixel/pixel_description.h"
#include "pixel/render.h"

namespace roentgen::internal {

/// Sets every pixel of `out` (at the frame's own size, before resizing) that an overlay plane
/// 6000–601E covers in frame `frame` to the largest output value. Planes come from Overlay Data
/// (60xx,3000), or for the retired form from bit Overlay Bit Position of the decoded words
/// (Overlay Bits Allocated > 1, PS3.5 8.1.2). Overlay Origin, Number of Frames in Overlay and
/// Image Frame Origin place each plane.
[[nodiscard]] Result<void> burn_overlays(const DataSet& data_set, const PixelDescription& description,
                                         std::span<const uint8_t> decoded, uint32_t frame, RenderedImage& out);

}  // namespace roentgen::internal
