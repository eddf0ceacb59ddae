// index/internal/level_attributes.h — an instance's attributes divided among the four entity levels, and their stored form.
#pragma once

#include <array>

#include "base/result.h"
#include "index/internal/sql_database.h"
#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index::internal {

/// The attributes each entity row keeps, indexed by QueryLevel. An attribute goes to the level
/// find_attribute_level() gives; one it does not place goes to the study, series and instance
/// (so a key of any level finds the value of the entity's first instance, as MemoryCatalog
/// does); Specific Character Set and Timezone Offset From UTC go everywhere, since they say how
/// to read the others. Left out: File Meta Information, Pixel Data and its kin, encapsulated
/// values, and values of more than 64 KiB (bulk data no query needs).
using LevelAttributes = std::array<DataSet, 4>;

LevelAttributes divide_by_level(const DataSet& attributes);

/// Explicit VR Little Endian bytes of a data set.
[[nodiscard]] Result<SqlBlob> encode_attributes(const DataSet& attributes);
/// The data set of encode_attributes(); `what` names the row in errors.
[[nodiscard]] Result<DataSet> decode_attributes(const SqlValue& blob, std::string_view what);

}  // namespace roentgen::index::internal
