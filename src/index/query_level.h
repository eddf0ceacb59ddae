// index/query_level.h — Query/Retrieve levels (PS3.4 C.6) and the level each attribute belongs to.
#pragma once

#include <optional>
#include <string_view>

#include "dict/tag.h"

namespace roentgen::index {

/// The levels of the Patient Root and Study Root information models (PS3.4 C.6.1, C.6.2), from the
/// top down: a level is "above" another when it compares less.
enum class QueryLevel { Patient, Study, Series, Image };

/// "PATIENT", "STUDY", "SERIES" or "IMAGE" as the standard spells them (PS3.4 C.6.1.1.1, upper
/// case only). Surrounding spaces (CS padding) are ignored; anything else gives nothing.
std::optional<QueryLevel> parse_query_level(std::string_view text);
/// The Defined Term for the level, e.g. "SERIES".
std::string_view to_string(QueryLevel level);

/// The level whose entity an attribute describes, after the key tables of PS3.4 C.6.1.1.2–C.6.1.1.5
/// (and the modules those levels hold: General Equipment is series level, Patient Study study
/// level). Nothing for attributes the tables do not place (a catalog treats those as belonging to
/// the level queried).
std::optional<QueryLevel> find_attribute_level(Tag tag);

/// The Unique Key of a level (PS3.4 C.6.1.1): Patient ID, Study/Series/SOP Instance UID.
Tag unique_key(QueryLevel level);

} // namespace roentgen::index
