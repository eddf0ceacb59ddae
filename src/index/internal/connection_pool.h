// index/internal/connection_pool.h — database connections lent to one thread at a time.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "index/internal/sql_database.h"

namespace roentgen::index::internal {

using DatabaseFactory = std::function<Result<std::unique_ptr<SqlDatabase>>()>;

/// Opens connections on demand, up to a limit, and keeps them for reuse. A connection whose last
/// use failed with Errc::Io (PostgreSQL: the server went away) is closed instead of kept, so the
/// next lease reconnects.
class ConnectionPool {
public:
    ConnectionPool(DatabaseFactory connect, size_t maximum_connections);

    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<SqlDatabase> database)
            : m_pool(&pool), m_database(std::move(database)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        SqlDatabase& operator*() const { return *m_database; }
        SqlDatabase* operator->() const { return m_database.get(); }
        /// The connection is closed on return instead of reused.
        void discard() { m_discard = true; }

    private:
        ConnectionPool* m_pool;
        std::unique_ptr<SqlDatabase> m_database;
        bool m_discard = false;
    };

    /// A connection: an idle one, a new one when under the limit, else the next returned.
    [[nodiscard]] Result<Lease> acquire();

private:
    void give_back(std::unique_ptr<SqlDatabase> database, bool discard);

    DatabaseFactory m_connect;
    size_t m_maximum;
    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<std::unique_ptr<SqlDatabase>> m_idle;
    size_t m_open = 0;
};

}  // namespace roentgen::index::internal
