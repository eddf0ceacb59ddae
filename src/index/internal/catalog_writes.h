// index/internal/catalog_writes.h — the SQL catalog's writes: one instance in, one entity out, each in a transaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/catalog.h"
#include "index/internal/sql_database.h"

namespace roentgen::index::internal {

/// Catalog::add_instance() on one connection, in one write transaction (retried by the caller on
/// Errc::Busy). Concurrent adds of one study from several processes converge on one row per
/// entity (INSERT … ON CONFLICT DO NOTHING, then the row that won).
[[nodiscard]] Result<AddResult> write_instance(SqlDatabase& database, const CatalogInstance& instance);
/// The same inside a write transaction the caller has begun (several instances, one commit).
[[nodiscard]] Result<AddResult> write_instance_in_transaction(SqlDatabase& database, const CatalogInstance& instance);
/// The checks write_instance() makes before it touches the database (the UIDs of every level).
[[nodiscard]] Result<void> check_indexable(const CatalogInstance& instance);

/// Catalog::remove() on one connection, in one write transaction.
[[nodiscard]] Result<std::vector<std::string>> delete_entity(SqlDatabase& database, QueryLevel level,
                                                             std::string_view unique_key);

/// Runs `body` between the dialect's write BEGIN and COMMIT; rolls back when it fails.
template <typename Body> auto in_write_transaction(SqlDatabase& database, Body&& body) -> decltype(body())
{
    if (auto begun = database.execute(database.dialect().begin_write); !begun)
        return std::unexpected(std::move(begun).error());
    auto result = body();
    if (!result) {
        (void)database.execute("ROLLBACK");
        return result;
    }
    if (auto committed = database.execute("COMMIT"); !committed) {
        (void)database.execute("ROLLBACK");
        return std::unexpected(std::move(committed).error());
    }
    return result;
}

}  // namespace roentgen::index::internal
