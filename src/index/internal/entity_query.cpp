// index/internal/entity_query.cpp — joins, prefilter conditions and paging of entity look-ups.
#include "index/internal/entity_query.h"

#include "dict/generated/tags.h"
#include "index/internal/indexed_columns.h"
#include "model/character_set.h"

namespace roentgen::index::internal {

namespace {

CharacterSet identifier_charset(const DataSet& identifier)
{
    const Element* element = identifier.find(tags::SpecificCharacterSet);
    if (!element)
        return {};
    auto charset = CharacterSet::from_value(element->raw_text());
    return charset ? *charset : CharacterSet();
}

}  // namespace

std::string_view table_alias(QueryLevel level)
{
    switch (level) {
    case QueryLevel::Patient:
        return "p";
    case QueryLevel::Study:
        return "st";
    case QueryLevel::Series:
        return "se";
    case QueryLevel::Image:
        return "i";
    }
    return "i";
}

std::string from_clause(QueryLevel level)
{
    std::string from = "FROM " + std::string(table_name(level)) + " " + std::string(table_alias(level));
    if (level >= QueryLevel::Image)
        from += " JOIN series se ON se.id = i.series_id";
    if (level >= QueryLevel::Series)
        from += " JOIN studies st ON st.id = se.study_id";
    if (level >= QueryLevel::Study)
        from += " JOIN patients p ON p.id = st.patient_id";
    return from;
}

EntityQuery::EntityQuery(QueryLevel level, const SplitQuery& query, const DataSet& identifier) : m_level(level)
{
    const CharacterSet charset = identifier_charset(identifier);
    SqlParameters parameters;
    std::string where;
    for (const IndexedColumn& column : indexed_columns()) {
        if (column.level > level)
            continue;
        const Element* key = query.stored_keys.find(column.tag);
        if (!key)
            continue;
        const std::string qualified = std::string(table_alias(column.level)) + "." + std::string(column.column);
        std::string condition = key_condition(column, qualified, *key, charset, parameters);
        if (!condition.empty())
            where += " AND " + condition;
    }
    const std::string entity = std::string(table_alias(level)) + ".id";
    m_sql = "SELECT ";
    for (int l = 0; l <= int(level); ++l)
        m_sql += std::string(table_alias(QueryLevel(l))) + ".id, ";
    for (int l = 0; l <= int(level); ++l)
        m_sql += std::string(table_alias(QueryLevel(l))) + ".attributes, ";
    m_sql += level == QueryLevel::Image ? "i.storage_key " : "NULL ";
    m_sql += from_clause(level) + " WHERE " + entity + " > $" + std::to_string(parameters.values().size() + 1) +
             where + " ORDER BY " + entity + " LIMIT $" + std::to_string(parameters.values().size() + 2);
    m_parameters.assign(parameters.values().begin(), parameters.values().end());
}

Result<std::vector<EntityRow>> EntityQuery::page(SqlDatabase& database, int64_t after, size_t limit) const
{
    std::vector<SqlValue> parameters = m_parameters;
    parameters.emplace_back(after);
    parameters.emplace_back(int64_t(limit));
    ROENTGEN_TRY(auto rows, database.query(m_sql, parameters));
    const size_t levels = size_t(m_level) + 1;
    std::vector<EntityRow> entities;
    entities.reserve(rows.size());
    for (SqlRow& row : rows) {
        EntityRow entity;
        for (size_t l = 0; l < levels; ++l) {
            entity.ids[l] = as_integer(row[l]);
            entity.attributes[l] = std::move(row[levels + l]);
        }
        entity.storage_key = as_text(row[2 * levels]);
        entities.push_back(std::move(entity));
    }
    return entities;
}

}  // namespace roentgen::index::internal
