// pixel/codecs/jpegxl/libjxl_adapter.h — JPEG XL codestreams to and from our decoded frame layout through libjxl 0.7
// (private to codecs/jpegxl/).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// Decodes a JPEG XL codestream or container (ISO/IEC 18181-1, -2) into `out` as PixelCodec::decode
/// lays it out: as many colour channels as Samples per Pixel (1 or 3; extra channels such as alpha
/// are dropped), Rows x Columns, integer samples of the header's bits_per_sample (<= Bits
/// Allocated). Samples of fewer than 8 or 16 bits are taken from libjxl's 16-bit output and
/// rescaled to the header's range exactly.
[[nodiscard]] Result<void> jxl_decode_pixels(std::span<const uint8_t> stream, const PixelDescription& d,
                                             std::span<uint8_t> out, unsigned threads);

/// The JPEG bitstream stored in a JPEG XL container's reconstruction box ('jbrd', ISO/IEC 18181-2),
/// or nothing when the stream carries none (then only its pixels can be decoded).
[[nodiscard]] Result<std::optional<std::vector<uint8_t>>> jxl_reconstruct_jpeg(std::span<const uint8_t> stream);

struct JxlEncodeParams {
    bool lossless = true;
    float distance = 1.0f; ///< Butteraugli distance of lossy coding (0.1 .. 25).
    int effort = 7;        ///< libjxl's effort (speed) 1..9.
    unsigned threads = 1;
};

/// Encodes one decoded frame as a bare JPEG XL codestream with bits_per_sample = Bits Stored
/// (samples taken from the low Bits Stored bits, so signed data as its two's complement pattern).
/// Lossless frames keep their samples (modular, original colour space); lossy ones are coded in
/// XYB from an sRGB (or sRGB grey) description, which decoding reverses.
[[nodiscard]] Result<std::vector<uint8_t>> jxl_encode_pixels(std::span<const uint8_t> frame, const PixelDescription& d,
                                                             const JxlEncodeParams& params);

/// A JPEG bitstream recompressed losslessly with reconstruction data (a JPEG XL container).
[[nodiscard]] Result<std::vector<uint8_t>> jxl_recompress_jpeg(std::span<const uint8_t> jpeg, int effort);

} // namespace roentgen::internal
