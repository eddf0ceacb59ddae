// pixel/rendering/overlay.cpp — reading overlay planes and burning them in.
#include "pixel/rendering/overlay.h"

#include <string>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "pixel/rendering/lookup_table.h"
#include "pixel/rendering/stored_samples.h"

namespace roentgen::internal {

namespace {

Tag in_group(Tag tag, uint16_t group)
{
    return Tag(group, tag.element());
}

std::vector<int64_t> integers(const DataSet& data_set, Tag tag)
{
    const Element* element = data_set.find(tag);
    if (!element)
        return {};
    auto values = integer_values(*element);
    return values ? *values : std::vector<int64_t>{};
}

}  // namespace

Result<void> burn_overlays(const DataSet& data_set, const PixelDescription& description,
                           std::span<const uint8_t> decoded, uint32_t frame, RenderedImage& out)
{
    const uint16_t top = uint16_t((1u << out.bits) - 1);
    for (uint16_t group = 0x6000; group <= 0x601E; group += 2) {
        auto rows_value = data_set.find_integer(in_group(tags::OverlayRows, group));
        auto columns_value = data_set.find_integer(in_group(tags::OverlayColumns, group));
        if (!rows_value || !columns_value || *rows_value <= 0 || *columns_value <= 0)
            continue;
        const int64_t rows = *rows_value, columns = *columns_value;
        auto origin = integers(data_set, in_group(tags::OverlayOrigin, group));
        int64_t origin_row = origin.size() >= 2 ? origin[0] : 1, origin_column = origin.size() >= 2 ? origin[1] : 1;
        int64_t frames = data_set.find_integer(in_group(tags::NumberOfFramesInOverlay, group)).value_or(1);
        int64_t first_frame = data_set.find_integer(in_group(tags::ImageFrameOrigin, group)).value_or(1);
        int64_t overlay_frame = int64_t(frame) + 1 - first_frame;
        if (overlay_frame < 0 || overlay_frame >= std::max<int64_t>(frames, 1))
            continue;
        const uint64_t plane_bits = uint64_t(rows) * uint64_t(columns);

        std::vector<uint16_t> words;
        const Element* data = data_set.find(in_group(tags::OverlayData, group));
        int64_t bits_allocated = data_set.find_integer(in_group(tags::OverlayBitsAllocated, group)).value_or(1);
        int64_t bit_position = data_set.find_integer(in_group(tags::OverlayBitPosition, group)).value_or(0);
        std::vector<uint8_t> bytes;
        if (data) {
            ROENTGEN_TRY(words, element_words(*data));
            bytes.resize(words.size() * 2);
            for (size_t i = 0; i < words.size(); ++i) {
                bytes[2 * i] = uint8_t(words[i]);
                bytes[2 * i + 1] = uint8_t(words[i] >> 8);
            }
            if (data->length() % 2)  // an odd-length OB value
                bytes.push_back(data->bytes().back());
        } else if (bits_allocated <= 1 || bit_position < 0 || bit_position >= description.bits_allocated ||
                   rows != description.rows || columns != description.columns ||
                   description.samples_per_pixel != 1) {
            continue;  // no data and no usable bit of the pixel words
        }
        StoredSamples words_of_frame(description, decoded);
        const uint64_t first_bit = uint64_t(overlay_frame) * plane_bits;
        if (data && (first_bit + plane_bits + 7) / 8 > bytes.size())
            return make_error(Errc::Malformed, "Overlay Data " + to_string(in_group(tags::OverlayData, group)) +
                                                   " has " + std::to_string(bytes.size()) + " bytes; plane " +
                                                   std::to_string(overlay_frame + 1) + " needs " +
                                                   std::to_string((first_bit + plane_bits + 7) / 8));
        for (int64_t r = 0; r < rows; ++r) {
            int64_t y = origin_row - 1 + r;
            if (y < 0 || y >= int64_t(out.height))
                continue;
            for (int64_t c = 0; c < columns; ++c) {
                int64_t x = origin_column - 1 + c;
                if (x < 0 || x >= int64_t(out.width))
                    continue;
                uint64_t bit = uint64_t(r) * uint64_t(columns) + uint64_t(c);
                bool set = data ? (bytes[(first_bit + bit) / 8] >> ((first_bit + bit) % 8)) & 1
                                : (words_of_frame.raw(bit) >> bit_position) & 1;
                if (!set)
                    continue;
                size_t at = (size_t(y) * out.width + size_t(x)) * out.channels;
                for (unsigned k = 0; k < out.channels; ++k)
                    out.samples[at + k] = top;
            }
        }
    }
    return {};
}

}  // namespace roentgen::internal
