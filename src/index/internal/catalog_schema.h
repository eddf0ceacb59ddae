// index/internal/catalog_schema.h — the SQL catalog's tables, by schema version, and bringing a database up to date.
#pragma once

#include "base/result.h"
#include "index/internal/sql_database.h"

namespace roentgen::index::internal {

/// The schema version this build writes.
int current_schema_version();

/// Creates the tables of an empty database, or applies the migrations from the version it records
/// (table schema_version) to current_schema_version(), all in one transaction that other
/// processes wait for (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so several servers
/// starting on one database migrate it once. A database of a newer version than this build
/// knows is an error (Errc::Unsupported) naming both versions; it is left untouched.
[[nodiscard]] Result<void> migrate_catalog_schema(SqlDatabase& database);

}  // namespace roentgen::index::internal
