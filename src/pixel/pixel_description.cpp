// pixel/pixel_description.cpp — reading and checking the Image Pixel Module attributes.
#include "pixel/pixel_description.h"

#include <array>
#include <string>

#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen {

namespace {

constexpr std::array<std::pair<std::string_view, Photometric>, 9> photometric_names = {{
    {"MONOCHROME1", Photometric::Monochrome1},
    {"MONOCHROME2", Photometric::Monochrome2},
    {"PALETTE COLOR", Photometric::PaletteColor},
    {"RGB", Photometric::Rgb},
    {"YBR_FULL", Photometric::YbrFull},
    {"YBR_FULL_422", Photometric::YbrFull422},
    {"YBR_PARTIAL_420", Photometric::YbrPartial420},
    {"YBR_ICT", Photometric::YbrIct},
    {"YBR_RCT", Photometric::YbrRct},
}};

Result<int64_t> required_integer(const DataSet& data_set, Tag tag, std::string_view keyword)
{
    auto value = data_set.find_integer(tag);
    if (!value)
        return make_error(Errc::NotFound, std::string(keyword) + " " + to_string(tag) + " is missing or empty");
    return *value;
}

}  // namespace

Photometric parse_photometric(std::string_view text)
{
    for (const auto& [name, value] : photometric_names)
        if (name == text)
            return value;
    return Photometric::Other;
}

std::string_view photometric_name(Photometric photometric)
{
    for (const auto& [name, value] : photometric_names)
        if (value == photometric)
            return name;
    return "";
}

uint64_t PixelDescription::native_frame_bytes() const
{
    uint64_t samples = pixels_per_frame() * samples_per_pixel;
    if (photometric == Photometric::YbrFull422 && samples_per_pixel == 3)
        samples = pixels_per_frame() * 2;
    if (bits_allocated == 1)
        return (samples + 7) / 8;
    return samples * (bits_allocated / 8);
}

uint64_t PixelDescription::decoded_frame_bytes() const
{
    return pixels_per_frame() * samples_per_pixel * bytes_per_sample();
}

Result<PixelDescription> describe_pixels(const DataSet& data_set)
{
    PixelDescription d;
    if (data_set.contains(tags::FloatPixelData))
        d.kind = PixelDataKind::Float;
    else if (data_set.contains(tags::DoubleFloatPixelData))
        d.kind = PixelDataKind::DoubleFloat;
    ROENTGEN_TRY(auto rows, required_integer(data_set, tags::Rows, "Rows"));
    ROENTGEN_TRY(auto columns, required_integer(data_set, tags::Columns, "Columns"));
    ROENTGEN_TRY(auto bits_allocated, required_integer(data_set, tags::BitsAllocated, "BitsAllocated"));
    if (rows <= 0 || rows > 65535 || columns <= 0 || columns > 65535)
        return make_error(Errc::Malformed, "Rows x Columns " + std::to_string(rows) + "x" + std::to_string(columns) +
                                               " is out of range");
    if (bits_allocated != 1 && bits_allocated != 8 && bits_allocated != 16 && bits_allocated != 32 &&
        bits_allocated != 64)
        return make_error(Errc::Unsupported, "BitsAllocated (0028,0100) " + std::to_string(bits_allocated) +
                                                 " is not 1, 8, 16, 32 or 64");
    d.rows = uint32_t(rows);
    d.columns = uint32_t(columns);
    d.bits_allocated = uint16_t(bits_allocated);
    d.samples_per_pixel = uint16_t(data_set.find_integer(tags::SamplesPerPixel).value_or(1));
    if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3 && d.samples_per_pixel != 4)
        return make_error(Errc::Unsupported,
                          "SamplesPerPixel (0028,0002) " + std::to_string(d.samples_per_pixel) + " is not 1, 3 or 4");
    // Float pixel data has no Bits Stored or High Bit (PS3.3 C.7.6.24).
    d.bits_stored = uint16_t(data_set.find_integer(tags::BitsStored).value_or(bits_allocated));
    d.high_bit = uint16_t(data_set.find_integer(tags::HighBit).value_or(d.bits_stored - 1));
    if (d.bits_stored == 0 || d.bits_stored > d.bits_allocated)
        d.bits_stored = d.bits_allocated;
    d.is_signed = data_set.find_integer(tags::PixelRepresentation).value_or(0) == 1;
    d.planar = data_set.find_integer(tags::PlanarConfiguration).value_or(0) == 1 && d.samples_per_pixel > 1;
    d.photometric_text = data_set.find_string(tags::PhotometricInterpretation).value_or("");
    d.photometric = d.photometric_text.empty()
                        ? (d.samples_per_pixel == 1 ? Photometric::Monochrome2 : Photometric::Rgb)
                        : parse_photometric(d.photometric_text);
    auto frames = data_set.find_integer(tags::NumberOfFrames).value_or(1);
    if (frames < 1)
        frames = 1;
    if (frames > 0x7FFFFFFF)
        return make_error(Errc::Malformed, "NumberOfFrames (0028,0008) " + std::to_string(frames) + " is out of range");
    d.number_of_frames = uint32_t(frames);
    return d;
}

}  // namespace roentgen
