// index/internal/connection_pool.cpp — lending, returning and replacing connections.
#include "index/internal/connection_pool.h"

namespace roentgen::index::internal {

ConnectionPool::ConnectionPool(DatabaseFactory connect, size_t maximum_connections)
    : m_connect(std::move(connect)), m_maximum(maximum_connections ? maximum_connections : 1)
{
}

ConnectionPool::Lease::~Lease()
{
    if (m_database)
        m_pool->give_back(std::move(m_database), m_discard);
}

Result<ConnectionPool::Lease> ConnectionPool::acquire()
{
    {
        std::unique_lock lock(m_mutex);
        m_returned.wait(lock, [&] { return !m_idle.empty() || m_open < m_maximum; });
        if (!m_idle.empty()) {
            auto database = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(database));
        }
        ++m_open;
    }
    auto database = m_connect();
    if (!database) {
        std::lock_guard lock(m_mutex);
        --m_open;
        m_returned.notify_one();
        return std::unexpected(std::move(database).error());
    }
    return Lease(*this, std::move(*database));
}

void ConnectionPool::give_back(std::unique_ptr<SqlDatabase> database, bool discard)
{
    std::lock_guard lock(m_mutex);
    if (discard) {
        database.reset();
        --m_open;
    } else {
        m_idle.push_back(std::move(database));
    }
    m_returned.notify_one();
}

}  // namespace roentgen::index::internal
