// index/internal/catalog_writes.cpp — entity rows from an instance's attributes; upserts, moves and deletes.
#include "index/internal/catalog_writes.h"

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "index/internal/entity_query.h"
#include "index/internal/indexed_columns.h"
#include "index/internal/level_attributes.h"
#include "index/internal/query_keys.h"
#include "model/character_set.h"

namespace roentgen::index::internal {

namespace {

/// The parent id column of a level's table ("" for patients).
std::string_view parent_column(QueryLevel level)
{
    switch (level) {
    case QueryLevel::Patient:
        return "";
    case QueryLevel::Study:
        return "patient_id";
    case QueryLevel::Series:
        return "study_id";
    case QueryLevel::Image:
        return "series_id";
    }
    return "";
}

/// The indexed columns of `level` and their values for `attributes`; the unique key first.
struct LevelColumns {
    std::vector<std::string_view> names;
    std::vector<SqlValue> values;
};

LevelColumns level_columns(QueryLevel level, const DataSet& attributes, const CharacterSet& charset)
{
    LevelColumns columns;
    for (const IndexedColumn& column : indexed_columns()) {
        if (column.level != level)
            continue;
        columns.names.push_back(column.column);
        // Unique keys are the raw first value, as MemoryCatalog groups by, and never NULL.
        columns.values.push_back(column.tag == unique_key(level) ? SqlValue(value_of(attributes, column.tag))
                                                                 : column_value(column, attributes, charset));
    }
    return columns;
}

/// INSERT … ON CONFLICT DO NOTHING of a patient, study or series row, then its id (the row this
/// or a concurrent transaction inserted).
Result<int64_t> ensure_entity(SqlDatabase& database, QueryLevel level, int64_t parent_id, LevelColumns columns,
                              SqlBlob attributes)
{
    const std::string table(table_name(level));
    const std::string unique(columns.names.front());
    const SqlValue key = columns.values.front();
    std::vector<SqlValue> values = std::move(columns.values);
    std::string names;
    for (auto name : columns.names)
        names += std::string(name) + ", ";
    names += "attributes";
    values.emplace_back(std::move(attributes));
    if (level != QueryLevel::Patient) {
        names += ", " + std::string(parent_column(level));
        values.emplace_back(parent_id);
    }
    std::string placeholders;
    for (size_t i = 0; i < values.size(); ++i)
        placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
    ROENTGEN_TRY(auto inserted, database.query(fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING "
                                                           "RETURNING id",
                                                           table, names, placeholders, unique),
                                               values));
    if (!inserted.empty())
        return as_integer(inserted.front().front());
    ROENTGEN_TRY(auto found, database.query(fmt::format("SELECT id FROM {} WHERE {} = $1", table, unique),
                                            std::span(&key, 1)));
    if (found.empty())
        return make_error(Errc::Io, fmt::format("{} row {} vanished while being added to", table, as_text(key)));
    return as_integer(found.front().front());
}

/// Deletes the series, study and patient above an instance that moved or went, when left empty.
Result<void> prune_empty_parents(SqlDatabase& database, int64_t series_id)
{
    const SqlValue series = series_id;
    ROENTGEN_TRY(auto parents, database.query("SELECT se.study_id, st.patient_id FROM series se JOIN studies st ON "
                                              "st.id = se.study_id WHERE se.id = $1",
                                              std::span(&series, 1)));
    if (parents.empty())
        return {};
    const SqlValue study = parents.front()[0];
    const SqlValue patient = parents.front()[1];
    ROENTGEN_TRY(database.query("DELETE FROM series WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM instances WHERE "
                                "series_id = $1)",
                                std::span(&series, 1)));
    ROENTGEN_TRY(database.query("DELETE FROM studies WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM series WHERE "
                                "study_id = $1)",
                                std::span(&study, 1)));
    ROENTGEN_TRY(database.query("DELETE FROM patients WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM studies WHERE "
                                "patient_id = $1)",
                                std::span(&patient, 1)));
    return {};
}

CharacterSet charset_of(const DataSet& attributes)
{
    const Element* element = attributes.find(tags::SpecificCharacterSet);
    if (!element)
        return {};
    auto charset = CharacterSet::from_value(element->raw_text());
    return charset ? *charset : CharacterSet();
}

}  // namespace

Result<void> check_indexable(const CatalogInstance& instance)
{
    for (Tag tag : {tags::SOPInstanceUID, tags::SeriesInstanceUID, tags::StudyInstanceUID})
        if (value_of(instance.attributes, tag).empty())
            return make_error(Errc::InvalidArgument, fmt::format("cannot index an instance without {}", to_string(tag)));
    return {};
}

Result<AddResult> write_instance(SqlDatabase& database, const CatalogInstance& instance)
{
    return in_write_transaction(database, [&] { return write_instance_in_transaction(database, instance); });
}

Result<AddResult> write_instance_in_transaction(SqlDatabase& database, const CatalogInstance& instance)
{
    const DataSet& attributes = instance.attributes;
    ROENTGEN_TRY(check_indexable(instance));
    const CharacterSet charset = charset_of(attributes);
    const LevelAttributes levels = divide_by_level(attributes);
    std::array<SqlBlob, 4> blobs;
    for (size_t l = 0; l < 4; ++l) {
        ROENTGEN_TRY(blobs[l], encode_attributes(levels[l]));
    }
    {
        int64_t parent = 0;
        for (QueryLevel level : {QueryLevel::Patient, QueryLevel::Study, QueryLevel::Series}) {
            ROENTGEN_TRY(parent, ensure_entity(database, level, parent, level_columns(level, attributes, charset),
                                               std::move(blobs[size_t(level)])));
        }
        LevelColumns columns = level_columns(QueryLevel::Image, attributes, charset);
        std::vector<SqlValue> values = std::move(columns.values);  // sop_instance_uid, sop_class_uid
        values.emplace_back(parent);
        values.emplace_back(instance.storage_key);
        values.emplace_back(int64_t(instance.file_size));
        values.emplace_back(instance.transfer_syntax_uid);
        values.emplace_back(std::move(blobs[size_t(QueryLevel::Image)]));
        ROENTGEN_TRY(auto inserted,
                     database.query("INSERT INTO instances (sop_instance_uid, sop_class_uid, series_id, storage_key, "
                                    "file_size, transfer_syntax_uid, attributes) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                    "ON CONFLICT (sop_instance_uid) DO NOTHING RETURNING id",
                                    values));
        if (!inserted.empty())
            return AddResult{AddOutcome::Added, {}};
        ROENTGEN_TRY(auto previous, database.query("SELECT series_id, storage_key FROM instances WHERE "
                                                   "sop_instance_uid = $1",
                                                   std::span(values.data(), 1)));
        if (previous.empty())
            return make_error(Errc::Io, "instance vanished while being replaced");
        ROENTGEN_TRY(database.query("UPDATE instances SET sop_class_uid = $2, series_id = $3, storage_key = $4, "
                                    "file_size = $5, transfer_syntax_uid = $6, attributes = $7 WHERE "
                                    "sop_instance_uid = $1",
                                    values));
        const int64_t previous_series = as_integer(previous.front()[0]);
        if (previous_series != parent)
            ROENTGEN_TRY(prune_empty_parents(database, previous_series));
        return AddResult{AddOutcome::Replaced, as_text(previous.front()[1])};
    }
}

Result<std::vector<std::string>> delete_entity(SqlDatabase& database, QueryLevel level, std::string_view unique_key)
{
    return in_write_transaction(database, [&]() -> Result<std::vector<std::string>> {
        const std::string alias(table_alias(level));
        std::string_view column;
        for (const IndexedColumn& indexed : indexed_columns())
            if (indexed.level == level) {
                column = indexed.column;
                break;
            }
        const SqlValue key = std::string(unique_key);
        ROENTGEN_TRY(auto found, database.query(fmt::format("SELECT id FROM {} WHERE {} = $1", table_name(level), column),
                                                std::span(&key, 1)));
        if (found.empty())
            return std::vector<std::string>{};
        const SqlValue id = found.front().front();
        ROENTGEN_TRY(auto rows, database.query(fmt::format("SELECT i.storage_key, i.series_id {} WHERE {}.id = $1 "
                                                           "ORDER BY i.id",
                                                           from_clause(QueryLevel::Image), alias),
                                               std::span(&id, 1)));
        std::vector<std::string> keys;
        std::vector<int64_t> series;
        for (const SqlRow& row : rows) {
            keys.push_back(as_text(row[0]));
            if (series.empty() || series.back() != as_integer(row[1]))
                series.push_back(as_integer(row[1]));
        }
        // Children first (foreign keys), then whatever the removal left empty above.
        const std::string below = fmt::format("SELECT i.id {} WHERE {}.id = $1", from_clause(QueryLevel::Image), alias);
        ROENTGEN_TRY(database.query("DELETE FROM instances WHERE id IN (" + below + ")", std::span(&id, 1)));
        if (level == QueryLevel::Image) {
            for (int64_t s : series)
                ROENTGEN_TRY(prune_empty_parents(database, s));
            return keys;
        }
        if (level <= QueryLevel::Study) {
            const std::string series_below =
                fmt::format("SELECT se.id {} WHERE {}.id = $1", from_clause(QueryLevel::Series), alias);
            ROENTGEN_TRY(auto parents, database.query(fmt::format("SELECT st.patient_id {} WHERE {}.id = $1",
                                                                  from_clause(QueryLevel::Study), alias),
                                                      std::span(&id, 1)));
            ROENTGEN_TRY(database.query("DELETE FROM series WHERE id IN (" + series_below + ")", std::span(&id, 1)));
            if (level == QueryLevel::Patient) {
                ROENTGEN_TRY(database.query("DELETE FROM studies WHERE patient_id = $1", std::span(&id, 1)));
                ROENTGEN_TRY(database.query("DELETE FROM patients WHERE id = $1", std::span(&id, 1)));
                return keys;
            }
            ROENTGEN_TRY(database.query("DELETE FROM studies WHERE id = $1", std::span(&id, 1)));
            const SqlValue patient = parents.empty() ? SqlValue(int64_t(0)) : parents.front().front();
            ROENTGEN_TRY(database.query("DELETE FROM patients WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM studies "
                                        "WHERE patient_id = $1)",
                                        std::span(&patient, 1)));
            return keys;
        }
        // A series: its instances went above; the series itself now is empty.
        ROENTGEN_TRY(prune_empty_parents(database, as_integer(id)));
        return keys;
    });
}

}  // namespace roentgen::index::internal
