// index/internal/entity_query.h — the SELECT behind C-FIND and retrieve look-ups: entities of a level, prefiltered by indexed keys.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "index/internal/query_keys.h"
#include "index/internal/sql_database.h"
#include "model/data_set.h"

namespace roentgen::index::internal {

/// One page of entity rows at a level, in the order they were indexed: the ids of the entity and
/// of its parents (by QueryLevel; 0 above the query level… never: every level up to it is
/// joined) and the attribute blobs of those levels.
struct EntityRow {
    std::array<int64_t, 4> ids{};
    std::array<SqlValue, 4> attributes;
    std::string storage_key;  ///< IMAGE level only.
};

/// A statement selecting the entities at `level` whose indexed columns can match the stored keys
/// of `query` (a superset of the matches), a page at a time.
class EntityQuery {
public:
    EntityQuery(QueryLevel level, const SplitQuery& query, const DataSet& identifier);
    /// The next rows after the entity id `after` (0 for the first page), at most `limit`.
    [[nodiscard]] Result<std::vector<EntityRow>> page(SqlDatabase& database, int64_t after, size_t limit) const;

private:
    QueryLevel m_level;
    std::string m_sql;
    std::vector<SqlValue> m_parameters;  ///< The conditions'; the page bound comes after them.
};

/// The alias of a level's table in the statements: p, st, se, i.
std::string_view table_alias(QueryLevel level);
/// "FROM <level's table> JOIN <parents>…" joined up to the patient.
std::string from_clause(QueryLevel level);

}  // namespace roentgen::index::internal
