// model/element.h — Element (tag, VR, value) and the value alternatives: bytes, bulk data, sequence, fragments.
// Include "model/data_set.h" to use sequences: Item completes there.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dict/tag.h"
#include "dict/vr.h"
#include "model/bulk_data.h"

namespace roentgen {

class DataSet;
struct Item;

/// How a sequence or item was (or is to be) encoded: with an explicit length or delimited (PS3.5 7.5).
enum class LengthEncoding : uint8_t { Undefined, Defined };

/// A value of VR SQ: zero or more items (PS3.5 7.5).
struct Sequence {
    std::vector<Item> items;
    LengthEncoding length_encoding = LengthEncoding::Undefined;
};

/// Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item, then one item per fragment.
/// Fragments stay references into the source; nothing is decoded here.
struct Fragments {
    BulkData offset_table;
    std::vector<BulkData> items;
};

/// A primitive value's bytes as read: string VRs in their character set with padding, binary VRs
/// in little-endian order (big-endian input is swapped on read). Values at or above the bulk
/// threshold are BulkData instead.
using Value = std::variant<std::string, BulkData, Sequence, Fragments>;

/// One data element (PS3.5 7.1). The VR is the one read from the stream (explicit VR) or from the
/// dictionary (implicit VR), so that a file is written back the way it came.
struct Element {
    Tag tag;
    VR vr = VR::UN;
    Value value;

    Element() = default;
    // Defined in element.cpp, where Item is complete: moving a Value destroys a Sequence, which
    // clang (unlike g++) instantiates here, before data_set.h completes Item.
    Element(Tag t, VR v, Value val);
    Element(Tag t, VR v, std::string bytes);

    bool is_sequence() const { return std::holds_alternative<Sequence>(value); }
    bool is_fragments() const { return std::holds_alternative<Fragments>(value); }
    bool is_bulk() const { return std::holds_alternative<BulkData>(value); }
    const Sequence* sequence() const { return std::get_if<Sequence>(&value); }
    Sequence* sequence() { return std::get_if<Sequence>(&value); }
    const Fragments* fragments() const { return std::get_if<Fragments>(&value); }
    /// The bytes of a primitive value, in memory or viewed in a contiguous source. Empty for
    /// sequences and fragments.
    std::span<const uint8_t> bytes() const;
    /// bytes() as text: the raw string value, padding included.
    std::string_view raw_text() const;
    /// The value's byte length; for sequences and fragments 0 (their length depends on encoding).
    uint64_t length() const;
};

}  // namespace roentgen
