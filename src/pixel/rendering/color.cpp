// pixel/rendering/color.cpp — RGB, YBR_FULL(_422), YBR_PARTIAL and palette colour frames to RGB.
#include "pixel/rendering/color.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "dict/generated/tags.h"
#include "pixel/rendering/lookup_table.h"
#include "pixel/rendering/stored_samples.h"

namespace roentgen::internal {

namespace {

struct Palette {
    std::array<LookupTable, 3> channels;
};

// PS3.3 C.7.6.3.1.5: three descriptors, each with its data or segmented data (C.7.9.2).
Result<Palette> read_palette(const DataSet& data_set, bool signed_input)
{
    static constexpr std::array<Tag, 3> descriptors = {tags::RedPaletteColorLookupTableDescriptor,
                                                        tags::GreenPaletteColorLookupTableDescriptor,
                                                        tags::BluePaletteColorLookupTableDescriptor};
    static constexpr std::array<Tag, 3> data = {tags::RedPaletteColorLookupTableData,
                                                 tags::GreenPaletteColorLookupTableData,
                                                 tags::BluePaletteColorLookupTableData};
    static constexpr std::array<Tag, 3> segmented = {tags::SegmentedRedPaletteColorLookupTableData,
                                                      tags::SegmentedGreenPaletteColorLookupTableData,
                                                      tags::SegmentedBluePaletteColorLookupTableData};
    Palette palette;
    for (size_t c = 0; c < 3; ++c) {
        if (const Element* segments = data_set.find(segmented[c]); segments && !data_set.contains(data[c])) {
            // The descriptor alone: the entries come from expanding the segments.
            uint32_t entries = 0;
            ROENTGEN_TRY(palette.channels[c],
                         read_lookup_table_descriptor(data_set, descriptors[c], signed_input, entries));
            LookupTable& table = palette.channels[c];
            const bool byte_values = table.bits <= 8;
            ROENTGEN_TRY(auto values, byte_values ? element_byte_values(*segments) : element_words(*segments));
            auto expanded = expand_segmented_lut(values, entries, byte_values);
            if (!expanded)
                return add_context(std::move(expanded).error(), to_string(segmented[c]));
            table.entries = std::move(*expanded);
            continue;
        }
        auto table = read_lookup_table(data_set, descriptors[c], data[c], signed_input);
        if (!table)
            return add_context(std::move(table).error(), "PALETTE COLOR");
        palette.channels[c] = std::move(*table);
    }
    return palette;
}

uint16_t scaled(double value, double in_max, double out_max)
{
    return uint16_t(std::lround(std::clamp(value, 0.0, in_max) * out_max / in_max));
}

}  // namespace

Result<void> render_color(const DataSet& data_set, const PixelDescription& description,
                          std::span<const uint8_t> decoded, RenderedImage& out)
{
    const size_t pixels = size_t(description.pixels_per_frame());
    const double out_max = double((1u << out.bits) - 1);
    StoredSamples samples(description, decoded);
    out.channels = 3;
    out.samples.resize(pixels * 3);

    if (description.photometric == Photometric::PaletteColor) {
        if (description.samples_per_pixel != 1)
            return make_error(Errc::Malformed, "PALETTE COLOR with Samples per Pixel " +
                                                   std::to_string(description.samples_per_pixel));
        ROENTGEN_TRY(auto palette, read_palette(data_set, description.is_signed));
        for (size_t c = 0; c < 3; ++c) {
            const LookupTable& table = palette.channels[c];
            // Tables whose descriptor says 16 bits but whose entries all fit 8 bits are 8-bit tables
            // (common in ultrasound; DCMTK and GDCM read them so).
            uint16_t largest = *std::max_element(table.entries.begin(), table.entries.end());
            double in_max = table.bits > 8 && largest <= 255 ? 255.0 : double(table.max_entry());
            for (size_t i = 0; i < pixels; ++i)
                out.samples[i * 3 + c] = scaled(table.lookup(samples.integer(i)), in_max, out_max);
        }
        return {};
    }

    if (description.samples_per_pixel != 3)
        return make_error(Errc::Unsupported, "Photometric Interpretation " + std::string(description.photometric_text) +
                                                 " with Samples per Pixel " +
                                                 std::to_string(description.samples_per_pixel) +
                                                 " cannot be rendered");
    const double in_max = samples.is_float() ? 1.0 : double((uint64_t(1) << description.bits_stored) - 1);
    const double half = samples.is_float() ? 0.5 : double(uint64_t(1) << (description.bits_stored - 1));
    const Photometric photometric = description.photometric;
    const bool full = photometric == Photometric::YbrFull || photometric == Photometric::YbrFull422;
    const bool partial = photometric == Photometric::YbrPartial420;
    for (size_t i = 0; i < pixels; ++i) {
        double a = samples.value(i * 3), b = samples.value(i * 3 + 1), c = samples.value(i * 3 + 2);
        double r = a, g = b, bl = c;
        if (full) {  // PS3.3 C.7.6.3.1.2 YBR_FULL, inverted
            r = a + 1.402 * (c - half);
            g = a - 0.344136 * (b - half) - 0.714136 * (c - half);
            bl = a + 1.772 * (b - half);
        } else if (partial) {  // YBR_PARTIAL: Y in 16..235, Cb/Cr in 16..240 (8-bit terms)
            double scale = in_max / 255.0;
            double y = a - 16 * scale;
            r = 1.164383 * y + 1.596027 * (c - half);
            g = 1.164383 * y - 0.391762 * (b - half) - 0.812968 * (c - half);
            bl = 1.164383 * y + 2.017232 * (b - half);
        }
        out.samples[i * 3] = scaled(r, in_max, out_max);
        out.samples[i * 3 + 1] = scaled(g, in_max, out_max);
        out.samples[i * 3 + 2] = scaled(bl, in_max, out_max);
    }
    return {};
}

}  // namespace roentgen::internal
