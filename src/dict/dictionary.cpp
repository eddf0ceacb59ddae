// dict/dictionary.cpp — lookups over the generated dictionary tables.
#include "dict/dictionary.h"

#include <algorithm>
#include <array>

namespace roentgen {

namespace {
#include "dict/generated/dictionary_entries.inc"
}  // namespace

std::span<const DictionaryEntry> dictionary_entries() { return all_entries; }

const DictionaryEntry* find_entry(Tag tag)
{
    std::span<const DictionaryEntry> plain(all_entries.data(), plain_entry_count);
    auto it = std::lower_bound(plain.begin(), plain.end(), tag.value,
                               [](const DictionaryEntry& e, uint32_t v) { return e.tag < v; });
    if (it != plain.end() && it->tag == tag.value)
        return &*it;
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
