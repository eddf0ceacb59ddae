// fuzz/pixel_fuzz_input.h — the input layout of fuzz_pixel_decode: a 9-byte header choosing the transfer syntax,
// the frame's description and its split into fragments, then the encoded bytes. Shared with fuzz_pixel_seeds.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "pixel/codec_registry.h"
#include "pixel/pixel_description.h"

namespace roentgen::fuzzing {

/// Header bytes, in order:
///   0  transfer syntax: index into decodable_syntaxes() (modulo its size)
///   1  Rows - 1 (modulo max_side)
///   2  Columns - 1 (modulo max_side)
///   3  flags: 1 three samples, 2 Bits Allocated 16, 4 signed, 8 planar, 16 Bits Allocated 1 (one sample only)
///   4  Bits Stored - 1 (modulo Bits Allocated); High Bit is Bits Stored - 1
///   5  Photometric Interpretation: index into the terms that agree with Samples per Pixel
///   6  fragments - 1 (modulo 3)
///   7  where the first fragment ends, in 1/255ths of the encoded bytes
///   8  where the second fragment ends, the same way (the two cuts are sorted)
inline constexpr size_t header_size = 9;
/// Rows and Columns are 1..max_side, so a decoded frame is at most 128 x 128 x 3 x 2 bytes.
inline constexpr uint32_t max_side = 128;

enum Flag : uint8_t { ThreeSamples = 1, Sixteen = 2, Signed = 4, Planar = 8, OneBit = 16 };

inline constexpr std::array<Photometric, 3> monochrome_terms = {Photometric::Monochrome2, Photometric::Monochrome1,
                                                                 Photometric::PaletteColor};
inline constexpr std::array<Photometric, 6> colour_terms = {Photometric::Rgb,           Photometric::YbrFull,
                                                             Photometric::YbrFull422,    Photometric::YbrPartial420,
                                                             Photometric::YbrIct,        Photometric::YbrRct};

/// Every transfer syntax some codec decodes, sorted so that an index in a seed does not depend on the
/// order codecs are registered in.
inline std::vector<std::string_view> decodable_syntaxes(const CodecRegistry& registry)
{
    auto uids = registry.transfer_syntaxes();
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    return uids;
}

struct FuzzInput {
    std::string_view transfer_syntax_uid;
    PixelDescription description;
    std::vector<std::span<const uint8_t>> fragments;
};

/// Reads the header; nothing when the input is shorter than it.
inline std::optional<FuzzInput> parse_input(std::span<const uint8_t> data, std::span<const std::string_view> syntaxes)
{
    if (data.size() < header_size || syntaxes.empty())
        return std::nullopt;
    FuzzInput input;
    input.transfer_syntax_uid = syntaxes[data[0] % syntaxes.size()];
    auto& d = input.description;
    d.rows = 1 + data[1] % max_side;
    d.columns = 1 + data[2] % max_side;
    const uint8_t flags = data[3];
    d.samples_per_pixel = flags & ThreeSamples ? 3 : 1;
    d.bits_allocated = (flags & OneBit) && d.samples_per_pixel == 1 ? 1 : flags & Sixteen ? 16 : 8;
    d.bits_stored = uint16_t(1 + data[4] % d.bits_allocated);
    d.high_bit = uint16_t(d.bits_stored - 1);
    d.is_signed = (flags & Signed) != 0 && d.bits_allocated != 1;
    d.planar = (flags & Planar) != 0 && d.samples_per_pixel == 3;
    if (d.samples_per_pixel == 3)
        d.photometric = colour_terms[data[5] % colour_terms.size()];
    else
        d.photometric = monochrome_terms[data[5] % monochrome_terms.size()];
    d.photometric_text = photometric_name(d.photometric);

    const auto payload = data.subspan(header_size);
    const size_t count = 1 + data[6] % 3;
    size_t cuts[2] = {payload.size() * data[7] / 255, payload.size() * data[8] / 255};
    if (cuts[0] > cuts[1])
        std::swap(cuts[0], cuts[1]);
    if (count == 1) {
        input.fragments = {payload};
    } else if (count == 2) {
        input.fragments = {payload.first(cuts[0]), payload.subspan(cuts[0])};
    } else {
        input.fragments = {payload.first(cuts[0]), payload.subspan(cuts[0], cuts[1] - cuts[0]),
                           payload.subspan(cuts[1])};
    }
    return input;
}

/// The header that parse_input() reads back as `d` in `syntax_index`, the payload in `fragments`
/// pieces (1..3) of roughly equal size. `d` must be one parse_input() can produce.
inline std::array<uint8_t, header_size> make_header(size_t syntax_index, const PixelDescription& d, size_t fragments)
{
    std::array<uint8_t, header_size> header{};
    header[0] = uint8_t(syntax_index);
    header[1] = uint8_t(d.rows - 1);
    header[2] = uint8_t(d.columns - 1);
    header[3] = uint8_t((d.samples_per_pixel == 3 ? ThreeSamples : 0) | (d.bits_allocated == 16 ? Sixteen : 0) |
                        (d.is_signed ? Signed : 0) | (d.planar ? Planar : 0) | (d.bits_allocated == 1 ? OneBit : 0));
    header[4] = uint8_t(d.bits_stored - 1);
    if (d.samples_per_pixel == 3)
        header[5] = uint8_t(std::find(colour_terms.begin(), colour_terms.end(), d.photometric) - colour_terms.begin());
    else
        header[5] = uint8_t(std::find(monochrome_terms.begin(), monochrome_terms.end(), d.photometric) -
                            monochrome_terms.begin());
    header[6] = uint8_t(fragments - 1);
    header[7] = fragments == 3 ? 85 : 128;
    header[8] = fragments == 3 ? 170 : 128;
    return header;
}

} // namespace roentgen::fuzzing
