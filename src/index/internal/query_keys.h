// index/internal/query_keys.h — an identifier's keys sorted by what answers them: stored attributes, counts, nothing.
#pragma once

#include <string>
#include <vector>

#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index::internal {

/// Attributes no file holds: a catalog counts them (PS3.4 C.6.1.1.2–C.6.1.1.4 optional keys):
/// Number of Patient Related Studies/Series/Instances, Number of Study Related Series/Instances,
/// Modalities in Study, SOP Classes in Study, Number of Series Related Instances.
bool is_computed(Tag tag);

/// The first value of a string attribute without its padding; empty when absent.
std::string value_of(const DataSet& attributes, Tag tag);

/// The identifier split by what answers each key: the entity's stored attributes, the computed
/// ones, or nothing (keys of levels below the query level). Specific Character Set and Timezone
/// Offset From UTC go with both key sets, since they qualify the keys.
struct SplitQuery {
    DataSet stored_keys;
    DataSet computed_keys;
    std::vector<Tag> lower_keys;
    bool wants_computed = false;
};

/// Keys placed below `level` by find_attribute_level() are lower keys; keys it does not place
/// count as keys of `level`. Command and meta groups, group lengths, Query/Retrieve Level and
/// View are not keys (PS3.4 C.4.1.1.3).
SplitQuery split_query(QueryLevel level, const DataSet& identifier);

}  // namespace roentgen::index::internal
