// dict/dictionary.cpp — lookups over the generated dictionary tables.
#include "dict/dictionary.h"

#include <algorithm>
#include <array>

namespace roentgen {

namespace {
#include "dict/generated/dictionary_entries.inc"

// Plain tags in an open-addressing hash table built at compile time: a parser or a listing looks
// up every element, and a binary search over 5,000 entries of 72 bytes costs ~130 instructions and
// a dozen cache lines per lookup; this costs one or two probes (see BENCHMARKS.md).
constexpr size_t hash_bits = 14;
static_assert(plain_entry_count < (size_t(1) << hash_bits) / 2, "keep the hash table at most half full");

constexpr size_t hash_slot(uint32_t tag) { return size_t((tag * 0x9E3779B1u) >> (32 - hash_bits)); }

/// Slot -> entry index + 1; 0 marks an empty slot. Linear probing.
constexpr auto plain_hash = [] {
    std::array<uint16_t, size_t(1) << hash_bits> table{};
    for (size_t i = 0; i < plain_entry_count; ++i) {
        size_t slot = hash_slot(all_entries[i].tag);
        while (table[slot] != 0)
            slot = (slot + 1) & (table.size() - 1);
        table[slot] = uint16_t(i + 1);
    }
    return table;
}();

const DictionaryEntry* find_plain_entry(uint32_t tag)
{
    for (size_t slot = hash_slot(tag);; slot = (slot + 1) & (plain_hash.size() - 1)) {
        uint16_t index = plain_hash[slot];
        if (index == 0)
            return nullptr;
        if (all_entries[index - 1].tag == tag)
            return &all_entries[index - 1];
    }
}

}  // namespace

std::span<const DictionaryEntry> dictionary_entries() { return all_entries; }

const DictionaryEntry* find_entry(Tag tag)
{
    if (const DictionaryEntry* entry = find_plain_entry(tag.value))
        return entry;
    for (size_t i = plain_entry_count; i < all_entries.size(); ++i) {
        const auto& e = all_entries[i];
        if ((tag.value & e.mask) == e.tag) {
            // Repeating groups 50xx/60xx/7Fxx are even groups only (PS3.5 7.6).
            if ((e.mask & 0x00FF0000) == 0 && (tag.group() & 1))
                continue;
            return &e;
        }
    }
    return nullptr;
}

const DictionaryEntry* find_entry(std::string_view keyword)
{
    auto it = std::lower_bound(keyword_order.begin(), keyword_order.end(), keyword,
                               [](uint16_t i, std::string_view k) { return all_entries[i].keyword < k; });
    if (it != keyword_order.end() && all_entries[*it].keyword == keyword)
        return &all_entries[*it];
    return nullptr;
}

VR default_vr(Tag tag)
{
    if (tag.is_group_length())
        return VR::UL;
    if (tag.is_private_creator())
        return VR::LO;
    if (tag.is_private())
        return VR::UN;
    if (const auto* e = find_entry(tag); e && e->vr != VR::None)
        return e->vr;
    return VR::UN;
}

}  // namespace roentgen
