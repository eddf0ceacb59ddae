// model/bulk_data.h — a large value kept as a reference into a ByteSource instead of a copy.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "base/byte_source.h"
#include "base/result.h"

namespace roentgen {

/// Bytes of a value (or of one encapsulated fragment) that stay in their source until asked for:
/// a memory-mapped file, a temporary file, or a buffer owned here. Values are in the data set's
/// native byte order (little endian); big-endian words are swapped when read, never lazily.
class BulkData {
public:
    BulkData() = default;
    /// A reference to `length` bytes at `offset` of `source`.
    BulkData(std::shared_ptr<const ByteSource> source, uint64_t offset, uint64_t length)
        : m_source(std::move(source)), m_offset(offset), m_length(length) {}
    /// Bytes owned by this value.
    static BulkData owned(std::vector<uint8_t> bytes);

    uint64_t size() const { return m_length; }
    bool empty() const { return m_length == 0; }
    /// The bytes without copying when the source is contiguous (memory, mapped file); else empty span
    /// with `size() != 0` — use load().
    std::span<const uint8_t> view() const;
    /// A copy of the bytes, read from the source if needed.
    [[nodiscard]] Result<std::vector<uint8_t>> load() const;
    const ByteSource* source() const { return m_source.get(); }
    const std::shared_ptr<const ByteSource>& shared_source() const { return m_source; }
    uint64_t offset() const { return m_offset; }

private:
    std::shared_ptr<const ByteSource> m_source;
    uint64_t m_offset = 0;
    uint64_t m_length = 0;
};

}  // namespace roentgen
