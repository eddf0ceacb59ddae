// pixel/render.h — a frame turned into display values: the grayscale pipeline of PS3.3 C.11 (Modality LUT,
// VOI LUT, Presentation LUT Shape), palette colour, YBR to RGB, overlays burned in, resizing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "dict/transfer_syntax.h"
#include "model/data_set.h"
#include "pixel/codec_registry.h"
#include "pixel/pixel_description.h"

namespace roentgen {

/// VOI LUT Function (0028,1056), PS3.3 C.11.2.1.2–3.
enum class VoiFunction : uint8_t { Linear, LinearExact, Sigmoid };

/// A VOI window, Window Center (0028,1050) and Window Width (0028,1051).
struct VoiWindow {
    double center = 0;
    double width = 1;
};

struct RenderOptions {
    uint32_t frame = 0;  ///< 0-based.
    /// The window to apply; nothing: the image's first window, else its first VOI LUT, else the
    /// frame's minimum to maximum (after the Modality LUT).
    std::optional<VoiWindow> window;
    std::optional<VoiFunction> function;  ///< Overrides VOI LUT Function.
    std::optional<uint32_t> voi_lut;      ///< Use item N (0-based) of the VOI LUT Sequence.
    bool min_max_window = false;          ///< Ignore the image's windows and LUTs: minimum to maximum.
    bool modality_lut = true;             ///< Apply Rescale Slope/Intercept or the Modality LUT Sequence.
    /// Invert the output; nothing: when MONOCHROME1 or Presentation LUT Shape (2050,0020) is INVERSE.
    std::optional<bool> invert;
    bool overlays = false;  ///< Burn in overlay planes (60xx,3000) and overlays in unused pixel bits.
    unsigned bits = 8;      ///< 8 or 16 bits per output sample.
    /// Fit within this size keeping the aspect ratio (area averaging down, bilinear up); 0: unbounded.
    uint32_t max_width = 0;
    uint32_t max_height = 0;
};

/// Display values: rows of `width` pixels, `channels` (1: grayscale P-values, 3: RGB)
/// interleaved, each in 0 .. 2^bits - 1.
struct RenderedImage {
    uint32_t width = 0;
    uint32_t height = 0;
    uint16_t channels = 1;
    uint16_t bits = 8;
    std::vector<uint16_t> samples;
};

/// Decodes and renders frame options.frame of the data set.
[[nodiscard]] Result<RenderedImage> render_frame(const DataSet& data_set, const TransferSyntax& syntax,
                                                 const CodecRegistry& codecs, const RenderOptions& options);

/// Renders a frame already decoded (layout of PixelCodec::decode) of the data set.
[[nodiscard]] Result<RenderedImage> render_decoded_frame(const DataSet& data_set, const PixelDescription& description,
                                                         std::span<const uint8_t> decoded,
                                                         const RenderOptions& options);

}  // namespace roentgen
