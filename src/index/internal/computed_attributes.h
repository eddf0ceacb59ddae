// index/internal/computed_attributes.h — counts and lists the SQL catalog derives for C-FIND (PS3.4 C.6.1.1.2–C.6.1.1.4).
#pragma once

#include <array>
#include <cstdint>

#include "index/internal/sql_database.h"
#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index::internal {

/// The computed attributes `keys` asks for (tags for which is_computed() holds) of the entity at
/// `level` with these ids (by QueryLevel), from the rows now indexed: Number of Patient Related
/// Studies/Series/Instances, Number of Study Related Series/Instances, Modalities in Study and SOP
/// Classes in Study (sorted, distinct), Number of Series Related Instances. Keys of levels below
/// `level` are not computed.
[[nodiscard]] Result<DataSet> compute_attributes(SqlDatabase& database, QueryLevel level,
                                                 const std::array<int64_t, 4>& ids, const DataSet& keys);

}  // namespace roentgen::index::internal
