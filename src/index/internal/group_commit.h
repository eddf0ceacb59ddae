// index/internal/group_commit.h — writers that arrive during a commit share the next one (one transaction, one sync).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "index/catalog.h"

namespace roentgen::index::internal {

/// Group commit: add() returns only after the instance's transaction has committed, as a lone
/// write would, but while one batch commits, the writers that arrive queue up and the next batch
/// takes them all. With synchronous commits, N concurrent writers then pay about one sync
/// instead of N. Each writer gets its own result; the batch runs on one waiting writer's thread.
class GroupCommit {
public:
    struct Request {
        const CatalogInstance* instance = nullptr;
        std::optional<Result<AddResult>> result;  ///< Set by the batch.
    };
    /// Writes every request in one transaction and sets each one's result (all of them, also
    /// when the commit fails).
    using Batch = std::function<void(std::span<Request* const> requests)>;

    explicit GroupCommit(Batch batch) : m_batch(std::move(batch)) {}

    [[nodiscard]] Result<AddResult> add(const CatalogInstance& instance);

private:
    Batch m_batch;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Request*> m_waiting;
    bool m_leading = false;
};

}  // namespace roentgen::index::internal
