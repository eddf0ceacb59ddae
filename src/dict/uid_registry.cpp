// dict/uid_registry.cpp — lookups over the generated UID table.
#include "dict/uid_registry.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace roentgen {

namespace {
#include "dict/generated/uid_entries.inc"
}  // namespace

std::span<const UidEntry> uid_entries() { return all_uids; }

const UidEntry* find_uid(std::string_view uid)
{
    auto it = std::lower_bound(uid_order.begin(), uid_order.end(), uid,
                               [](uint16_t i, std::string_view u) { return all_uids[i].uid < u; });
    if (it != uid_order.end() && all_uids[*it].uid == uid)
        return &all_uids[*it];
    return nullptr;
}

const UidEntry* find_uid_by_keyword(std::string_view keyword)
{
    // Five registry rows have no keyword; "" must not find one of them.
    if (keyword.empty())
        return nullptr;
    auto it = std::lower_bound(keyword_order.begin(), keyword_order.end(), keyword,
                               [](uint16_t i, std::string_view k) { return all_uids[i].keyword < k; });
    if (it != keyword_order.end() && all_uids[*it].keyword == keyword)
        return &all_uids[*it];
    return nullptr;
}

}  // namespace roentgen
