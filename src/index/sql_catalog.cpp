// index/sql_catalog.cpp — SqlCatalog: Catalog over pooled SQL connections; reads page through entities and post-filter them.
#include "index/sql_catalog.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "index/internal/catalog_schema.h"
#include "index/internal/catalog_writes.h"
#include "index/internal/computed_attributes.h"
#include "index/internal/connection_pool.h"
#include "index/internal/entity_query.h"
#include "index/internal/group_commit.h"
#include "index/internal/indexed_columns.h"
#include "index/internal/level_attributes.h"
#include "index/internal/query_keys.h"
#include "index/postgres/postgres_database.h"
#include "index/sqlite/sqlite_database.h"

namespace roentgen::index {

namespace {

using namespace internal;

constexpr size_t page_size = 256;

/// A matched entity: its ids and the candidate its response is made from.
struct Match {
    std::array<int64_t, 4> ids{};
    DataSet candidate;
    std::string storage_key;
};

class SqlCatalog final : public Catalog {
public:
    SqlCatalog(DatabaseFactory connect, size_t connections, MatchOptions options, bool serialize_writes)
        : m_pool(std::move(connect), connections), m_options(options), m_serialize_writes(serialize_writes),
          m_group_commit([this](std::span<GroupCommit::Request* const> requests) { write_batch(requests); })
    {
    }

    Result<void> open()
    {
        ROENTGEN_TRY(auto lease, m_pool.acquire());
        return migrate_catalog_schema(*lease);
    }

    Result<AddResult> add_instance(const CatalogInstance& instance) override
    {
        if (m_serialize_writes) {
            ROENTGEN_TRY(check_indexable(instance));
            return m_group_commit.add(instance);
        }
        // PostgreSQL may refuse a transaction that deadlocked with another node's (Errc::Refused):
        // running it again is safe, since it either committed whole or not at all.
        auto writing = write_lock();
        for (int attempt = 1;; ++attempt) {
            auto added = with_connection([&](SqlDatabase& database) { return write_instance(database, instance); });
            if (added || added.error().code != Errc::Refused || attempt == 5)
                return added;
        }
    }

    Result<std::optional<IndexedInstance>> find_instance(std::string_view sop_instance_uid) override
    {
        return with_connection([&](SqlDatabase& database) -> Result<std::optional<IndexedInstance>> {
            const SqlValue uid = std::string(sop_instance_uid);
            ROENTGEN_TRY(auto rows, database.query("SELECT storage_key, sop_class_uid, transfer_syntax_uid, file_size "
                                                   "FROM instances WHERE sop_instance_uid = $1",
                                                   std::span(&uid, 1)));
            if (rows.empty())
                return std::optional<IndexedInstance>();
            const SqlRow& row = rows.front();
            return IndexedInstance{as_text(row[0]), as_text(row[1]), as_text(row[2]), uint64_t(as_integer(row[3]))};
        });
    }

    Result<void> find(QueryLevel level, const DataSet& identifier,
                      const std::function<bool(const DataSet&)>& emit) override
    {
        const SplitQuery query = split_query(level, identifier);
        return for_each_match(level, query, identifier, [&](Match& match) {
            for (Tag tag : query.lower_keys)
                match.candidate.erase(tag);
            return emit(response_for(identifier, match.candidate));
        });
    }

    Result<std::vector<std::string>> locate(QueryLevel level, const DataSet& identifier) override
    {
        const SplitQuery query = split_query(level, identifier);
        std::vector<std::pair<int64_t, std::string>> found;  // instance id, storage key
        std::vector<int64_t> entities;
        ROENTGEN_TRY(for_each_match(level, query, identifier, [&](Match& match) {
            if (level == QueryLevel::Image)
                found.emplace_back(match.ids[size_t(level)], std::move(match.storage_key));
            else
                entities.push_back(match.ids[size_t(level)]);
            return true;
        }));
        if (!entities.empty()) {
            const std::string sql = fmt::format("SELECT i.id, i.storage_key {} WHERE {}.id = $1", from_clause(QueryLevel::Image),
                                                table_alias(level));
            ROENTGEN_TRY(with_connection([&](SqlDatabase& database) -> Result<void> {
                for (int64_t entity : entities) {
                    const SqlValue id = entity;
                    ROENTGEN_TRY(auto rows, database.query(sql, std::span(&id, 1)));
                    for (const SqlRow& row : rows)
                        found.emplace_back(as_integer(row[0]), as_text(row[1]));
                }
                return {};
            }));
        }
        std::sort(found.begin(), found.end());
        std::vector<std::string> keys;
        keys.reserve(found.size());
        for (auto& [id, key] : found)
            keys.push_back(std::move(key));
        return keys;
    }

    Result<std::vector<std::string>> remove(QueryLevel level, std::string_view unique_key) override
    {
        auto writing = write_lock();
        return with_connection([&](SqlDatabase& database) { return delete_entity(database, level, unique_key); });
    }

    Result<CatalogCounts> counts() override
    {
        return with_connection([&](SqlDatabase& database) -> Result<CatalogCounts> {
            std::array<uint64_t, 4> numbers{};
            for (size_t l = 0; l < 4; ++l) {
                ROENTGEN_TRY(auto rows,
                             database.query(fmt::format("SELECT count(*) FROM {}", table_name(QueryLevel(l))), {}));
                numbers[l] = uint64_t(as_integer(rows.front().front()));
            }
            return CatalogCounts{numbers[0], numbers[1], numbers[2], numbers[3]};
        });
    }

private:
    /// SQLite has one writer at a time; a second one sleeps in the busy handler (1, 2, 5… ms) until
    /// the first commits, which costs more than the commit itself. Writers of this process queue
    /// here instead; other processes on the same file still meet the busy handler.
    std::unique_lock<std::mutex> write_lock()
    {
        return m_serialize_writes ? std::unique_lock(m_write_mutex) : std::unique_lock<std::mutex>();
    }

    /// SQLite: the instances of every writer waiting at this moment, in one transaction (one sync
    /// with synchronous=FULL). Each runs under its own savepoint, so one that fails leaves the
    /// others in; none is reported before the commit.
    void write_batch(std::span<GroupCommit::Request* const> requests)
    {
        auto writing = write_lock();  // remove() writes too
        std::vector<std::optional<Result<AddResult>>> results(requests.size());
        auto committed = with_connection([&](SqlDatabase& database) -> Result<void> {
            if (requests.size() == 1) {
                results[0] = write_instance(database, *requests[0]->instance);
                return {};
            }
            return in_write_transaction(database, [&]() -> Result<void> {
                for (size_t i = 0; i < requests.size(); ++i) {
                    ROENTGEN_TRY(database.execute("SAVEPOINT instance"));
                    auto added = write_instance_in_transaction(database, *requests[i]->instance);
                    if (!added)
                        ROENTGEN_TRY(database.execute("ROLLBACK TO instance"));
                    ROENTGEN_TRY(database.execute("RELEASE instance"));
                    results[i] = std::move(added);
                }
                return {};
            });
        });
        for (size_t i = 0; i < requests.size(); ++i) {
            if (!committed)
                requests[i]->result = std::unexpected(committed.error());
            else if (results[i])
                requests[i]->result = std::move(*results[i]);
            else
                requests[i]->result = make_error(Errc::Io, "the index batch skipped this instance");
        }
    }

    /// Runs `body` on a pooled connection; a connection that failed with an I/O error is dropped.
    template <typename Body> auto with_connection(Body&& body) -> decltype(body(std::declval<SqlDatabase&>()))
    {
        auto lease = m_pool.acquire();
        if (!lease)
            return std::unexpected(std::move(lease).error());
        auto result = body(**lease);
        if (!result && (result.error().code == Errc::Io || result.error().code == Errc::Closed))
            lease->discard();
        return result;
    }

    /// Pages through the prefiltered entities of `level`, post-filters each with matches_all() and
    /// hands the matches to `visit` until it returns false. The connection goes back to the pool
    /// between pages, so a slow receiver of results holds none.
    template <typename Visit>
    Result<void> for_each_match(QueryLevel level, const SplitQuery& query, const DataSet& identifier, Visit&& visit)
    {
        const EntityQuery statement(level, query, identifier);
        int64_t after = 0;
        for (;;) {
            std::vector<Match> matches;
            size_t rows_read = 0;
            ROENTGEN_TRY(with_connection([&](SqlDatabase& database) -> Result<void> {
                ROENTGEN_TRY(auto rows, statement.page(database, after, page_size));
                rows_read = rows.size();
                for (EntityRow& row : rows) {
                    after = row.ids[size_t(level)];
                    Match match{row.ids, {}, std::move(row.storage_key)};
                    for (size_t l = 0; l <= size_t(level); ++l) {
                        ROENTGEN_TRY(DataSet attributes,
                                     decode_attributes(row.attributes[l],
                                                       fmt::format("{} row {}", table_name(QueryLevel(l)), row.ids[l])));
                        for (Element& element : attributes)
                            match.candidate.set(std::move(element));
                    }
                    if (!matches_all(query.stored_keys, match.candidate, m_options))
                        continue;
                    if (query.wants_computed) {
                        ROENTGEN_TRY(DataSet computed,
                                     compute_attributes(database, level, row.ids, query.computed_keys));
                        if (!matches_all(query.computed_keys, computed, m_options))
                            continue;
                        for (Element& element : computed)
                            match.candidate.set(std::move(element));
                    }
                    matches.push_back(std::move(match));
                }
                return {};
            }));
            for (Match& match : matches)
                if (!visit(match))
                    return {};
            if (rows_read < page_size)
                return {};
        }
    }

    ConnectionPool m_pool;
    MatchOptions m_options;
    bool m_serialize_writes;
    std::mutex m_write_mutex;
    GroupCommit m_group_commit;
};

Result<std::unique_ptr<Catalog>> open_catalog(DatabaseFactory connect, size_t connections, MatchOptions options,
                                              bool serialize_writes)
{
    auto catalog = std::make_unique<SqlCatalog>(std::move(connect), connections, options, serialize_writes);
    ROENTGEN_TRY(catalog->open());
    return std::unique_ptr<Catalog>(std::move(catalog));
}

}  // namespace

Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, Durability durability,
                                                     MatchOptions options, size_t connections)
{
    return open_catalog([path, durability] { return open_sqlite_database(path, durability); }, connections, options,
                        true);
}

Result<std::unique_ptr<Catalog>> open_postgresql_catalog(const std::string& connection_uri, MatchOptions options,
                                                         size_t connections)
{
    return open_catalog([connection_uri] { return open_postgres_database(connection_uri); }, connections, options,
                        false);
}

}  // namespace roentgen::index
