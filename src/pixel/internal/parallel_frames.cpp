// pixel/internal/parallel_frames.cpp — a small pool over frame indices (decode and encode of multi-frame objects).
#include "pixel/internal/parallel_frames.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace roentgen::internal {

Result<void> for_each_frame(uint32_t frames, unsigned threads, const std::function<Result<void>(uint32_t index)>& step)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::max(1u, std::min<unsigned>(threads, frames));
    std::atomic<uint32_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::optional<Error> first_error;
    auto work = [&] {
        while (!failed) {
            uint32_t index = next++;
            if (index >= frames)
                return;
            auto done = step(index);
            if (!done) {
                std::lock_guard lock(mutex);
                if (!first_error)
                    first_error = std::move(done).error();
                failed = true;
                return;
            }
        }
    };
    if (threads == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back(work);
        for (auto& t : pool)
            t.join();
    }
    if (first_error)
        return std::unexpected(std::move(*first_error));
    return {};
}

}  // namespace roentgen::internal
