// pixel/pixel_description.h — the Image Pixel Module attributes that say how pixel bytes are laid out (PS3.3 C.7.6.3).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"
#include "model/data_set.h"

namespace roentgen {

/// Photometric Interpretation (0028,0004), PS3.3 C.7.6.3.1.2.
enum class Photometric : uint8_t {
    Monochrome1,
    Monochrome2,
    PaletteColor,
    Rgb,
    YbrFull,
    YbrFull422,
    YbrPartial420,
    YbrIct,
    YbrRct,
    Other,  ///< A term Roentgen does not interpret (e.g. ARGB, CMYK, HSV — retired); kept as text.
};

Photometric parse_photometric(std::string_view text);
std::string_view photometric_name(Photometric photometric);

/// Which pixel data element holds the samples (PS3.3 C.7.6.3.1.4, C.7.6.24).
enum class PixelDataKind : uint8_t { Integer, Float, DoubleFloat };

/// What a frame looks like. Bits Allocated may be 1, 8, 16, 32 or 64 (PS3.5 8.1.1).
struct PixelDescription {
    uint32_t rows = 0;
    uint32_t columns = 0;
    uint16_t samples_per_pixel = 1;
    uint16_t bits_allocated = 0;
    uint16_t bits_stored = 0;
    uint16_t high_bit = 0;
    bool is_signed = false;          ///< Pixel Representation 1 (two's complement).
    bool planar = false;             ///< Planar Configuration 1: colour-by-plane.
    Photometric photometric = Photometric::Monochrome2;
    std::string_view photometric_text;  ///< As written (points into the data set).
    uint32_t number_of_frames = 1;
    PixelDataKind kind = PixelDataKind::Integer;

    uint64_t pixels_per_frame() const { return uint64_t(rows) * columns; }
    /// Bytes of one native frame as stored: bit-packed for 1-bit data (PS3.5 8.1.1), and for
    /// YBR_FULL_422 two luminance samples share one Cb and one Cr (PS3.3 C.7.6.3.1.2).
    uint64_t native_frame_bytes() const;
    /// Bytes of one decoded frame: one sample of bits_allocated/8 bytes (1-bit data: one byte per
    /// pixel, 0 or 1) per pixel and sample, interleaved, YBR_FULL_422 expanded to full resolution.
    uint64_t decoded_frame_bytes() const;
    /// Bytes of one decoded sample (1 for 1-bit and 8-bit data).
    unsigned bytes_per_sample() const { return bits_allocated <= 8 ? 1u : bits_allocated / 8u; }
};

/// Reads the description from the data set; errors name the attribute that is missing or out of
/// range. Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009) are recognised.
[[nodiscard]] Result<PixelDescription> describe_pixels(const DataSet& data_set);

}  // namespace roentgen
