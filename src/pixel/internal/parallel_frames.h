// pixel/internal/parallel_frames.h — running one step per frame on several threads, stopping at the first error.
#pragma once

#include <cstdint>
#include <functional>

#include "base/result.h"

namespace roentgen::internal {

/// Calls `step(index)` for every index in [0, frames) on `threads` threads (0: one per core),
/// frames taken in order as threads come free. After the first error no new frame starts; an
/// error is returned (the first one recorded). `step` must be safe to run concurrently.
[[nodiscard]] Result<void> for_each_frame(uint32_t frames, unsigned threads,
                                          const std::function<Result<void>(uint32_t index)>& step);

}  // namespace roentgen::internal
