// pixel/rendering/resize.h — scaling a rendered image: area averaging when shrinking, bilinear when enlarging.
#pragma once

#include <cstdint>

#include "pixel/render.h"

namespace roentgen::internal {

/// The largest size within max_width x max_height (0: unbounded) with the image's aspect ratio,
/// at least 1x1.
void fitted_size(uint32_t width, uint32_t height, uint32_t max_width, uint32_t max_height, uint32_t& out_width,
                 uint32_t& out_height);

/// `image` resampled to width x height, separably (columns then rows).
RenderedImage resized(const RenderedImage& image, uint32_t width, uint32_t height);

}  // namespace roentgen::internal
