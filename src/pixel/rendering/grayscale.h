// pixel/rendering/grayscale.h — the grayscale pipeline of PS3.3 C.11: Modality LUT, VOI LUT, Presentation LUT Shape.
#pragma once

#include <span>

#include "base/result.h"
#include "model/data_set.h"
#include "pixel/pixel_description.h"
#include "pixel/render.h"

namespace roentgen::internal {

/// Renders a one-sample frame into `out` (width, height and bits already set): stored values,
/// Modality LUT (C.11.1), VOI (C.11.2), inversion for MONOCHROME1 or an INVERSE Presentation LUT
/// Shape (C.11.6). Windows and rescale are taken from the Frame VOI LUT and Pixel Value
/// Transformation functional groups (C.7.6.16.2) when the image has them.
[[nodiscard]] Result<void> render_grayscale(const DataSet& data_set, const PixelDescription& description,
                                            std::span<const uint8_t> decoded, const RenderOptions& options,
                                            RenderedImage& out);

/// The item of functional group macro `macro` that applies to frame `frame`: from the Per-frame
/// Functional Groups Sequence, else the Shared one; nothing when neither has it.
const DataSet* functional_group(const DataSet& data_set, uint32_t frame, Tag macro);

}  // namespace roentgen::internal
