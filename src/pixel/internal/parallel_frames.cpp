// pixel/internal/parallel_frames.cpp — a small pool over frame indices (decode and encode of multi-frame objects).
#include "pixel/internal/parallel_frames.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
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

Result<void> for_each_frame_in_order(
    uint32_t frames, unsigned threads, size_t slot_bytes,
    const std::function<Result<void>(uint32_t index, std::span<uint8_t> slot)>& produce,
    const std::function<Result<void>(uint32_t index, std::span<const uint8_t> slot)>& consume)
{
    if (frames == 0)
        return {};
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::max(1u, std::min<unsigned>(threads, frames));
    const uint32_t slots = std::min<uint32_t>(frames, 2 * threads + 2);
    std::unique_ptr<uint8_t[]> buffer(new uint8_t[slots * slot_bytes]);
    auto slot = [&](uint32_t index) { return std::span<uint8_t>(buffer.get() + (index % slots) * slot_bytes, slot_bytes); };

    std::mutex mutex;
    std::condition_variable changed;
    uint32_t next = 0;       // the next frame a producer takes
    uint32_t consumed = 0;   // frames handed to consume(), in order
    std::vector<bool> ready(slots, false);
    std::optional<Error> first_error;
    auto fail = [&](Error error) {
        std::lock_guard lock(mutex);
        if (!first_error)
            first_error = std::move(error);
        changed.notify_all();
    };
    auto work = [&] {
        for (;;) {
            uint32_t index;
            {
                std::unique_lock lock(mutex);
                if (first_error || next >= frames)
                    return;
                index = next++;
                // The slot is free once the frame `slots` before this one has been consumed.
                changed.wait(lock, [&] { return first_error || index < consumed + slots; });
                if (first_error)
                    return;
            }
            auto done = produce(index, slot(index));
            if (!done) {
                fail(std::move(done).error());
                return;
            }
            std::lock_guard lock(mutex);
            ready[index % slots] = true;
            changed.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back(work);
    for (uint32_t index = 0; index < frames; ++index) {
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return first_error || ready[index % slots]; });
            if (first_error)
                break;
        }
        auto done = consume(index, slot(index));
        if (!done) {
            fail(std::move(done).error());
            break;
        }
        std::lock_guard lock(mutex);
        ready[index % slots] = false;
        ++consumed;
        changed.notify_all();
    }
    for (auto& t : pool)
        t.join();
    if (first_error)
        return std::unexpected(std::move(*first_error));
    return {};
}

}  // namespace roentgen::internal
