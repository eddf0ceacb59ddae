// pixel/internal/parallel_frames.h — running one step per frame on several threads, stopping at the first error.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "base/result.h"

namespace roentgen::internal {

/// Calls `step(index)` for every index in [0, frames) on `threads` threads (0: one per core),
/// frames taken in order as threads come free. After the first error no new frame starts; an
/// error is returned (the first one recorded). `step` must be safe to run concurrently.
[[nodiscard]] Result<void> for_each_frame(uint32_t frames, unsigned threads,
                                          const std::function<Result<void>(uint32_t index)>& step);

/// Runs `produce(index, slot)` for every frame on `threads` worker threads, each into its own
/// slot of `slot_bytes`, and `consume(index, slot)` on the calling thread in frame order as the
/// frames become ready. At most 2 * threads + 2 slots exist, so memory stays bounded however many
/// frames there are; a producer waits for its slot to be consumed. The first error (from either
/// side) stops both; it is returned.
[[nodiscard]] Result<void> for_each_frame_in_order(
    uint32_t frames, unsigned threads, size_t slot_bytes,
    const std::function<Result<void>(uint32_t index, std::span<uint8_t> slot)>& produce,
    const std::function<Result<void>(uint32_t index, std::span<const uint8_t> slot)>& consume);

}  // namespace roentgen::internal
