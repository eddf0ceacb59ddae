// index/internal/group_commit.cpp — one writer at a time commits the batch of everyone waiting.
#include "index/internal/group_commit.h"

namespace roentgen::index::internal {

Result<AddResult> GroupCommit::add(const CatalogInstance& instance)
{
    Request request{&instance, {}};
    std::unique_lock lock(m_mutex);
    m_waiting.push_back(&request);
    while (!request.result) {
        if (m_leading) {
            m_changed.wait(lock);
            continue;
        }
        // Lead: commit what is waiting (this request among it), and keep going while others
        // queued meanwhile and this request is not done; then hand over to a waiting writer.
        m_leading = true;
        while (!request.result && !m_waiting.empty()) {
            std::vector<Request*> batch;
            batch.swap(m_waiting);
            lock.unlock();
            m_batch(batch);
            for (Request* done : batch)
                if (!done->result)
                    done->result = make_error(Errc::Io, "the index batch ended without a result for this instance");
            lock.lock();
            m_changed.notify_all();
        }
        m_leading = false;
        m_changed.notify_all();
    }
    return std::move(*request.result);
}

}  // namespace roentgen::index::internal
