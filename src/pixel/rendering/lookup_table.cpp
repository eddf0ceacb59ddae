// pixel/rendering/lookup_table.cpp — reading LUT descriptors and data, and expanding segmented palettes.
#include "pixel/rendering/lookup_table.h"

#include <cmath>
#include <string>

#include "base/endian.h"

namespace roentgen {

namespace {

Result<std::vector<uint8_t>> element_bytes(const Element& element)
{
    if (element.is_bulk()) {
        const auto& bulk = std::get<BulkData>(element.value);
        auto view = bulk.view();
        if (view.size() == bulk.size())
            return std::vector<uint8_t>(view.begin(), view.end());
        return bulk.load();
    }
    auto bytes = element.bytes();
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::string where(Tag tag)
{
    return to_string(tag);
}

}  // namespace

Result<std::vector<uint16_t>> element_words(const Element& element)
{
    ROENTGEN_TRY(auto bytes, element_bytes(element));
    std::vector<uint16_t> words(bytes.size() / 2);
    for (size_t i = 0; i < words.size(); ++i)
        words[i] = load_le<uint16_t>(bytes.data() + 2 * i);
    return words;
}

Result<std::vector<uint16_t>> element_byte_values(const Element& element)
{
    ROENTGEN_TRY(auto bytes, element_bytes(element));
    return std::vector<uint16_t>(bytes.begin(), bytes.end());
}

Result<LookupTable> read_lookup_table_descriptor(const DataSet& data_set, Tag descriptor, bool signed_input,
                                                 uint32_t& entry_count)
{
    const Element* descriptor_element = data_set.find(descriptor);
    if (!descriptor_element)
        return make_error(Errc::NotFound, "LUT descriptor " + where(descriptor) + " is missing");
    auto descriptor_bytes = descriptor_element->bytes();
    if (descriptor_bytes.size() != 6)
        return make_error(Errc::Malformed, "LUT descriptor " + where(descriptor) + " has " +
                                               std::to_string(descriptor_bytes.size()) +
                                               " bytes, not three 16-bit values");
    LookupTable table;
    entry_count = load_le<uint16_t>(descriptor_bytes.data());
    if (entry_count == 0)
        entry_count = 65536;
    uint16_t first = load_le<uint16_t>(descriptor_bytes.data() + 2);
    table.first_mapped = signed_input ? int64_t(int16_t(first)) : int64_t(first);
    uint16_t bits = load_le<uint16_t>(descriptor_bytes.data() + 4);
    if (bits < 1 || bits > 16)
        return make_error(Errc::Malformed, "LUT descriptor " + where(descriptor) + " gives " + std::to_string(bits) +
                                               " bits per entry (1 to 16 allowed)");
    table.bits = bits;
    return table;
}

Result<LookupTable> read_lookup_table(const DataSet& data_set, Tag descriptor, Tag data, bool signed_input)
{
    uint32_t entries = 0;
    ROENTGEN_TRY(auto table, read_lookup_table_descriptor(data_set, descriptor, signed_input, entries));
    const uint16_t bits = table.bits;
    const Element* data_element = data_set.find(data);
    if (!data_element)
        return make_error(Errc::NotFound, "LUT data " + where(data) + " is missing");
    ROENTGEN_TRY(auto bytes, element_bytes(*data_element));
    if (bytes.size() == entries && bits <= 8) {
        table.entries.assign(bytes.begin(), bytes.end());
    } else if (bytes.size() / 2 >= entries) {
        table.entries.resize(entries);
        for (uint32_t i = 0; i < entries; ++i)
            table.entries[i] = load_le<uint16_t>(bytes.data() + 2 * i);
    } else {
        return make_error(Errc::Malformed, "LUT data " + where(data) + " has " + std::to_string(bytes.size()) +
                                               " bytes for " + std::to_string(entries) + " entries");
    }
    uint32_t mask = table.max_entry();
    for (auto& entry : table.entries)
        entry = uint16_t(entry & mask);
    return table;
}

namespace {

// PS3.3 C.7.9.2: appends the segments starting at `offset`, at most `segment_limit` of them.
Result<void> expand_segments(std::span<const uint16_t> words, size_t offset, size_t segment_limit,
                             size_t max_entries, bool byte_values, unsigned depth, std::vector<uint16_t>& out)
{
    if (depth > 4)
        return make_error(Errc::Malformed, "segmented LUT: indirect segments nest too deep");
    size_t segments = 0;
    while (offset + 1 < words.size() && segments < segment_limit) {
        uint16_t opcode = words[offset];
        uint16_t length = words[offset + 1];
        offset += 2;
        if (opcode == 0) {  // C.7.9.2.1 discrete
            if (offset + length > words.size())
                return make_error(Errc::Malformed, "segmented LUT: discrete segment at word " +
                                                       std::to_string(offset - 2) + " runs past the data");
            out.insert(out.end(), words.begin() + ptrdiff_t(offset), words.begin() + ptrdiff_t(offset + length));
            offset += length;
        } else if (opcode == 1) {  // C.7.9.2.2 linear: from the previous value to y1 in `length` steps
            if (out.empty())
                return make_error(Errc::Malformed, "segmented LUT: linear segment first");
            if (offset >= words.size())
                return make_error(Errc::Malformed, "segmented LUT: linear segment cut");
            double y0 = out.back();
            double y1 = words[offset++];
            for (uint16_t i = 1; i <= length; ++i)
                out.push_back(uint16_t(std::lround(y0 + (y1 - y0) * i / length)));
        } else if (opcode == 2) {  // C.7.9.2.3 indirect: `length` segments copied from a 32-bit offset
            const size_t parts = byte_values ? 4 : 2;
            if (out.empty() || offset + parts > words.size())
                return make_error(Errc::Malformed, "segmented LUT: indirect segment first or cut");
            size_t target = 0;
            for (size_t k = 0; k < parts; ++k)
                target |= size_t(words[offset + k]) << ((byte_values ? 8 : 16) * k);
            offset += parts;
            if (target >= words.size())
                return make_error(Errc::Malformed, "segmented LUT: indirect segment points past the data");
            ROENTGEN_TRY(expand_segments(words, target, length, max_entries, byte_values, depth + 1, out));
        } else {
            return make_error(Errc::Malformed, "segmented LUT: unknown segment type " + std::to_string(opcode) +
                                                   " at word " + std::to_string(offset - 2));
        }
        if (out.size() > max_entries)
            return make_error(Errc::Malformed, "segmented LUT expands past " + std::to_string(max_entries) +
                                                   " entries");
        ++segments;
    }
    return {};
}

}  // namespace

Result<std::vector<uint16_t>> expand_segmented_lut(std::span<const uint16_t> values, size_t max_entries,
                                                   bool byte_values)
{
    std::vector<uint16_t> out;
    ROENTGEN_TRY(expand_segments(values, 0, SIZE_MAX, max_entries, byte_values, 0, out));
    if (out.empty())
        return make_error(Errc::Malformed, "segmented LUT has no entries");
    return out;
}

}  // namespace roentgen
