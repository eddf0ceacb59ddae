// encoding/internal/inflate.h — raw deflate (RFC 1951) for Deflated Explicit VR Little Endian (PS3.5 A.5).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace roentgen::internal {

/// Inflates a raw deflate stream (a zlib-wrapped one is accepted too, as some writers produce it).
/// Fails past `max_size` output bytes rather than growing without bound.
[[nodiscard]] Result<std::vector<uint8_t>> inflate_raw(std::span<const uint8_t> compressed, uint64_t max_size);
/// Deflates to a raw stream (no zlib header), as PS3.5 A.5 requires.
[[nodiscard]] Result<std::vector<uint8_t>> deflate_raw(std::span<const uint8_t> data, int level);

}  // namespace roentgen::internal
