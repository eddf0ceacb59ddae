// pixel/rendering/lookup_table.h — LUT Descriptor + LUT Data pairs (PS3.3 C.11.1.1, C.11.2.1.1, C.7.6.3.1.5), and
// segmented palette data expanded (PS3.3 C.7.9.2).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "dict/tag.h"
#include "model/data_set.h"

namespace roentgen {

/// A lookup table: input values from `first_mapped` on index `entries`; inputs below the first
/// map to the first entry and those past the last to the last (PS3.3 C.11.1.1).
struct LookupTable {
    int64_t first_mapped = 0;
    uint16_t bits = 16;  ///< Bits per entry as the descriptor says (8 to 16).
    std::vector<uint16_t> entries;

    uint16_t lookup(int64_t value) const
    {
        int64_t index = value - first_mapped;
        if (index <= 0)
            return entries.front();
        if (uint64_t(index) >= entries.size())
            return entries.back();
        return entries[size_t(index)];
    }
    /// The largest value an entry can hold.
    uint32_t max_entry() const { return (1u << bits) - 1; }
};

/// Reads a LUT descriptor alone (entries come back empty, sized by `entry_count`): three 16-bit
/// values, entries (0 meaning 65536), first input value mapped (signed when `signed_input`), bits
/// per entry (1 to 16).
[[nodiscard]] Result<LookupTable> read_lookup_table_descriptor(const DataSet& data_set, Tag descriptor,
                                                               bool signed_input, uint32_t& entry_count);

/// Reads the table whose descriptor is `descriptor` (three 16-bit values: entries, 0 meaning
/// 65536; first input value mapped, signed when `signed_input`; bits per entry) and whose data is
/// `data`, in `data_set`. Data of one byte per entry (8-bit tables written as OB) is accepted
/// beside the usual 16-bit words. Errors name the element and what is wrong with it.
[[nodiscard]] Result<LookupTable> read_lookup_table(const DataSet& data_set, Tag descriptor, Tag data,
                                                    bool signed_input);

/// Expands segmented palette colour LUT data (discrete, linear and indirect segments, PS3.3
/// C.7.9.2) into at most `max_entries` entries. `values` are the data's 16-bit words, or for
/// tables of 8 bits per entry its bytes (the well-known palettes of PS3.6 Annex B are written so,
/// and pydicom reads them so); an indirect segment's offset takes two words or four bytes.
[[nodiscard]] Result<std::vector<uint16_t>> expand_segmented_lut(std::span<const uint16_t> values,
                                                                size_t max_entries, bool byte_values = false);

/// The 16-bit little-endian words of an element's value (loaded when not viewable in place).
[[nodiscard]] Result<std::vector<uint16_t>> element_words(const Element& element);
/// The bytes of an element's value, each widened to 16 bits.
[[nodiscard]] Result<std::vector<uint16_t>> element_byte_values(const Element& element);

}  // namespace roentgen
