// index/internal/indexed_columns.h — the attributes the SQL catalog keeps in columns, and the SQL conditions keys give on them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/internal/sql_database.h"
#include "index/query_level.h"
#include "model/character_set.h"
#include "model/data_set.h"

namespace roentgen::index::internal {

/// How a column's values compare, and so which key forms become SQL (PS3.4 C.2.2.2).
enum class ColumnKind {
    Uid,         ///< Single Value and List of UID Matching: = or IN.
    Text,        ///< Single Value and Wild Card Matching, case-sensitive: a prefix range.
    PersonName,  ///< As Text on the value folded to upper case (PersonNameCase::Insensitive).
    Date,        ///< DA Single Value and Range Matching: BETWEEN on YYYYMMDD.
};

/// An attribute kept in a column of its level's table (patients, studies, series, instances).
struct IndexedColumn {
    Tag tag;
    QueryLevel level;
    std::string_view column;
    ColumnKind kind;
};

/// Every indexed attribute, by level; the unique keys first at each level.
std::span<const IndexedColumn> indexed_columns();

/// The table of a level: "patients", "studies", "series", "instances".
std::string_view table_name(QueryLevel level);

/// What the column holds for `attributes`: the first value without padding, decoded to UTF-8
/// (and folded to upper case for PersonName). SqlNull when the column cannot stand for the
/// attribute in a comparison: several values, or a date that is not YYYYMMDD. The conditions
/// below let NULL rows through, so matching decides for them.
SqlValue column_value(const IndexedColumn& column, const DataSet& attributes, const CharacterSet& charset);

/// Collects parameters for a statement written with $1, $2…
class SqlParameters {
public:
    /// The placeholder for `value`.
    std::string add(SqlValue value);
    std::span<const SqlValue> values() const { return m_values; }

private:
    std::vector<SqlValue> m_values;
};

/// An SQL condition on `qualified_column` (e.g. "p.patient_name") that every candidate matching
/// `key` satisfies (a superset: matches_all() decides afterwards), or empty when the key gives
/// none (universal matching, several values for a text key, wild cards first, a key that does not
/// parse). `charset` is the identifier's.
std::string key_condition(const IndexedColumn& column, std::string_view qualified_column, const Element& key,
                          const CharacterSet& charset, SqlParameters& parameters);

}  // namespace roentgen::index::internal
