// dict/uid_registry.h — the PS3.6 Annex A UID registry, generated from the standard.
#pragma once

#include <span>
#include <string_view>

namespace roentgen {

struct UidEntry {
    std::string_view uid;
    std::string_view name;
    std::string_view keyword;
    std::string_view type;  ///< "Transfer Syntax", "SOP Class", …
    bool retired;
};

/// The registry row for a UID; nullptr for UIDs the standard does not register.
const UidEntry* find_uid(std::string_view uid);
/// The registry row for a keyword ("ExplicitVRLittleEndian"); nullptr if none.
const UidEntry* find_uid_by_keyword(std::string_view keyword);
std::span<const UidEntry> uid_entries();

}  // namespace roentgen
