// pixel/rendering/color.h — colour frames to RGB display values: RGB, YBR (PS3.3 C.7.6.3.1.2) and palette colour
// (C.7.6.3.1.5–6, segmented C.7.9.2).
#pragma once

#include <span>

#include "base/result.h"
#include "model/data_set.h"
#include "pixel/pixel_description.h"
#include "pixel/render.h"

namespace roentgen::internal {

/// Renders a colour or palette frame into `out` as RGB (width, height and bits already set).
[[nodiscard]] Result<void> render_color(const DataSet& data_set, const PixelDescription& description,
                                        std::span<const uint8_t> decoded, RenderedImage& out);

}  // namespace roentgen::internal
