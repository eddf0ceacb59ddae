// pixel/internal/native_frame.cpp — bit unpacking, de-planarisation and 4:2:2 expansion of native frames.
#include "pixel/internal/native_frame.h"

#include <cstring>
#include <string>

namespace roentgen::internal {

Result<void> decode_native_frame(std::span<const uint8_t> stored, unsigned first_bit,
                                 const PixelDescription& d, std::span<uint8_t> out)
{
    uint64_t pixels = d.pixels_per_frame();
    unsigned samples = d.samples_per_pixel;
    if (out.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    if (d.bits_allocated == 1) {
        uint64_t count = pixels * samples;
        if ((count + first_bit + 7) / 8 > stored.size())
            return make_error(Errc::Truncated, "1-bit frame truncated");
        for (uint64_t i = 0; i < count; ++i) {
            uint64_t bit = i + first_bit;
            out[i] = (stored[bit / 8] >> (bit % 8)) & 1;
        }
        return {};
    }
    unsigned size = d.bytes_per_sample();
    if (d.photometric == Photometric::YbrFull422 && samples == 3) {
        // Y0 Y1 Cb Cr per pair of pixels (PS3.3 C.7.6.3.1.2); an odd last column repeats chroma.
        // Each row is read in pairs of pixels: an odd Columns needs a half pair more per row.
        uint64_t needed = uint64_t(d.rows) * ((uint64_t(d.columns) + 1) / 2) * 4 * size;
        if (stored.size() < needed)
            return make_error(Errc::Truncated, "YBR_FULL_422 frame holds " + std::to_string(stored.size()) +
                                                   " bytes, " + std::to_string(needed) + " needed");
        const uint8_t* in = stored.data();
        uint8_t* o = out.data();
        for (uint32_t row = 0; row < d.rows; ++row) {
            for (uint32_t column = 0; column < d.columns; column += 2) {
                const uint8_t* y0 = in;
                const uint8_t* y1 = in + size;
                const uint8_t* cb = in + 2 * size;
                const uint8_t* cr = in + 3 * size;
                in += 4 * size;
                std::memcpy(o, y0, size);
                std::memcpy(o + size, cb, size);
                std::memcpy(o + 2 * size, cr, size);
                o += 3 * size;
                if (column + 1 < d.columns) {
                    std::memcpy(o, y1, size);
                    std::memcpy(o + size, cb, size);
                    std::memcpy(o + 2 * size, cr, size);
                    o += 3 * size;
                }
            }
        }
        return {};
    }
    uint64_t bytes = pixels * samples * size;
    if (stored.size() < bytes)
        return make_error(Errc::Truncated, "frame holds " + std::to_string(stored.size()) + " bytes, " +
                                               std::to_string(bytes) + " needed");
    if (!d.planar || samples == 1) {
        std::memcpy(out.data(), stored.data(), bytes);
        return {};
    }
    // Planar Configuration 1: all of sample 0, then sample 1, … (PS3.3 C.7.6.3.1.3).
    for (unsigned s = 0; s < samples; ++s) {
        const uint8_t* plane = stored.data() + uint64_t(s) * pixels * size;
        for (uint64_t p = 0; p < pixels; ++p)
            std::memcpy(out.data() + (p * samples + s) * size, plane + p * size, size);
    }
    return {};
}

}  // namespace roentgen::internal
