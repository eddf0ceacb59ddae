// pixel/codecs/rle/rle_segment.h — PackBits coding of one RLE segment (PS3.5 G.3), straight into a strided plane.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace roentgen::internal {

/// Decodes the PackBits segment `in` (PS3.5 G.3.1) into `count` bytes written at `out`,
/// `out + stride`, `out + 2 * stride`, … — one byte plane of an interleaved frame, with no
/// intermediate buffer. The caller guarantees `out + (count - 1) * stride` is writable.
/// Runs that reach past `count` are cut (the last run of a row-padded segment may); a literal run
/// cut off by the end of `in` contributes the bytes present, as pydicom and DCMTK read it. Header
/// byte -128 is a no-op. Fails (Truncated) when the segment yields fewer than `count` bytes; never
/// reads outside `in` nor writes outside the `count` positions.
[[nodiscard]] Result<void> decode_rle_segment(std::span<const uint8_t> in, uint8_t* out, size_t count, size_t stride);

/// Appends the PackBits encoding (PS3.5 G.3.2) of `count` bytes read at `in`, `in + stride`, … to
/// `out`, as runs that do not cross a multiple of `row_length` (each row encoded separately).
/// Replicate runs cover 2..128 equal bytes, literal runs 1..128 bytes.
void encode_rle_segment(const uint8_t* in, size_t count, size_t stride, size_t row_length, std::vector<uint8_t>& out);

/// The same encoding written at `out`, which must hold rle_segment_bound(count, row_length)
/// bytes; returns the end of what was written.
uint8_t* encode_rle_segment(const uint8_t* in, size_t count, size_t stride, size_t row_length, uint8_t* out);

/// The most bytes the encoding of `count` bytes in rows of `row_length` can take.
[[nodiscard]] size_t rle_segment_bound(size_t count, size_t row_length);

}  // namespace roentgen::internal
