// dict/dictionary.h — the PS3.6 data dictionary (and PS3.7 command group), generated from the standard.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "dict/tag.h"
#include "dict/vr.h"

namespace roentgen {

/// One row of PS3.6 Tables 6-1..9-1 or PS3.7 E.1-1/E.2-1.
struct DictionaryEntry {
    uint32_t tag;   ///< With every repeating `x` digit zeroed (60xx,3000 -> 60003000).
    uint32_t mask;  ///< Bits that must match: 0xFFFFFFFF for plain tags, 0xFF00FFFF for 60xx,eeee.
    VR vr;          ///< The first VR listed; VR::None for items and delimiters.
    VR alternative_vr;         ///< "US or SS" -> SS; VR::None when there is one VR.
    VR second_alternative_vr;  ///< "US or SS or OW" -> OW.
    uint16_t vm_min;
    uint16_t vm_max;   ///< 0 means n.
    uint16_t vm_step;  ///< 2 for "2-2n", 3 for "3-3n", else 1.
    bool retired;
    std::string_view keyword;
    std::string_view name;
    std::string_view vm;  ///< As printed, e.g. "1-n".
};

/// The entry for a tag, matching repeating groups (50xx, 60xx, 7Fxx, 0028,04x0, …); nullptr if none.
/// Private tags other than Private Creators are not in the standard's dictionary.
const DictionaryEntry* find_entry(Tag tag);
/// The entry whose keyword is `keyword` (case-sensitive, the standard's spelling); nullptr if none.
const DictionaryEntry* find_entry(std::string_view keyword);
/// The VR to assume for a tag read in implicit VR: the dictionary's first VR, LO for Private
/// Creators, UL for group lengths, UN for the rest (PS3.5 A.1, 7.8).
VR default_vr(Tag tag);
/// Every entry, plain tags first (sorted), then the repeating ones.
std::span<const DictionaryEntry> dictionary_entries();

}  // namespace roentgen
