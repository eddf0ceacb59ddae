// pixel/image_file.h — rendered images as PNG (8 or 16 bits, through libpng) and JPEG (8 bits, libjpeg-turbo) files.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "pixel/render.h"

namespace roentgen {

/// A PNG stream: grayscale or RGB, 8 or 16 bits per sample as the image has.
[[nodiscard]] Result<std::vector<uint8_t>> encode_png(const RenderedImage& image);

/// A baseline JFIF JPEG stream of an 8-bit image at `quality` (1..100).
[[nodiscard]] Result<std::vector<uint8_t>> encode_jpeg(const RenderedImage& image, int quality = 90);

}  // namespace roentgen
