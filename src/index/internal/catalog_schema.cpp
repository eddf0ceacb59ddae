// index/internal/catalog_schema.cpp — DDL of each schema version, with the dialect's types filled in.
#include "index/internal/catalog_schema.h"

#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace roentgen::index::internal {

namespace {

// One entry per version: the statements that take a database from the version before to it.
// {key}, {text} and {blob} stand for the dialect's types. Never edit a released entry: add one.
// Indexed attribute columns are listed in indexed_columns.cpp; entity tables hold the attributes
// of their level as an Explicit VR Little Endian data set (attributes).
constexpr std::array<std::string_view, 1> migrations{
    // Version 1.
    R"(CREATE TABLE patients (
         id {key},
         patient_key {text} NOT NULL UNIQUE,
         patient_name {text},
         attributes {blob} NOT NULL);
       CREATE INDEX patients_by_name ON patients (patient_name);
       CREATE TABLE studies (
         id {key},
         patient_id BIGINT NOT NULL REFERENCES patients (id),
         study_uid {text} NOT NULL UNIQUE,
         study_date {text},
         accession_number {text},
         study_identifier {text},
         referring_physician_name {text},
         attributes {blob} NOT NULL);
       CREATE INDEX studies_by_patient ON studies (patient_id);
       CREATE INDEX studies_by_date ON studies (study_date);
       CREATE INDEX studies_by_accession_number ON studies (accession_number);
       CREATE TABLE series (
         id {key},
         study_id BIGINT NOT NULL REFERENCES studies (id),
         series_uid {text} NOT NULL UNIQUE,
         modality {text},
         attributes {blob} NOT NULL);
       CREATE INDEX series_by_study ON series (study_id);
       CREATE TABLE instances (
         id {key},
         series_id BIGINT NOT NULL REFERENCES series (id),
         sop_instance_uid {text} NOT NULL UNIQUE,
         sop_class_uid {text},
         storage_key {text} NOT NULL,
         file_size BIGINT NOT NULL,
         transfer_syntax_uid {text} NOT NULL,
         attributes {blob} NOT NULL);
       CREATE INDEX instances_by_series ON instances (series_id))",
};

std::string with_types(std::string_view sql, const SqlDialect& dialect)
{
    std::string out;
    out.reserve(sql.size() + 64);
    for (size_t i = 0; i < sql.size();) {
        if (sql.substr(i, 5) == "{key}") {
            out += dialect.key_column;
            i += 5;
        } else if (sql.substr(i, 6) == "{text}") {
            out += dialect.text_type;
            i += 6;
        } else if (sql.substr(i, 6) == "{blob}") {
            out += dialect.blob_type;
            i += 6;
        } else {
            out += sql[i++];
        }
    }
    return out;
}

// Any 64-bit number, the same for every roentgen process: the advisory lock's key.
constexpr int64_t migration_lock_key = 0x524f454e5447454e;  // "ROENTGEN"

Result<void> migrate_in_transaction(SqlDatabase& database)
{
    const SqlDialect& dialect = database.dialect();
    if (dialect.name == "postgresql") {
        const SqlValue key = migration_lock_key;
        ROENTGEN_TRY(database.query("SELECT pg_advisory_xact_lock($1)", std::span(&key, 1)));
    }
    ROENTGEN_TRY(database.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    ROENTGEN_TRY(auto rows, database.query("SELECT version FROM schema_version", {}));
    const int64_t version = rows.empty() ? 0 : as_integer(rows.front().front());
    if (version > int64_t(migrations.size()))
        return make_error(Errc::Unsupported,
                          fmt::format("the index database has schema version {}, newer than this roentgen knows ({}): "
                                      "upgrade roentgen",
                                      version, migrations.size()));
    for (size_t next = size_t(version); next < migrations.size(); ++next) {
        if (auto applied = database.execute(with_types(migrations[next], dialect)); !applied)
            return add_context(std::move(applied).error(), fmt::format("schema migration to version {}", next + 1));
    }
    if (version == int64_t(migrations.size()))
        return {};
    const SqlValue latest = int64_t(migrations.size());
    if (rows.empty())
        ROENTGEN_TRY(database.query("INSERT INTO schema_version (version) VALUES ($1)", std::span(&latest, 1)));
    else
        ROENTGEN_TRY(database.query("UPDATE schema_version SET version = $1", std::span(&latest, 1)));
    return {};
}

}  // namespace

int current_schema_version() { return int(migrations.size()); }

Result<void> migrate_catalog_schema(SqlDatabase& database)
{
    ROENTGEN_TRY(database.execute(database.dialect().begin_write));
    auto migrated = migrate_in_transaction(database);
    if (!migrated) {
        (void)database.execute("ROLLBACK");
        return migrated;
    }
    return database.execute("COMMIT");
}

}  // namespace roentgen::index::internal
