// base/byte_sink.h — where encoders write bytes: a growing buffer or a buffered file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/file_io.h"
#include "base/result.h"

namespace roentgen {

class ByteSink {
public:
    virtual ~ByteSink() = default;
    [[nodiscard]] virtual Result<void> write(std::span<const uint8_t> bytes) = 0;
    /// Bytes written so far.
    virtual uint64_t position() const = 0;
};

/// Appends to a vector in memory.
class VectorSink final : public ByteSink {
public:
    Result<void> write(std::span<const uint8_t> bytes) override
    {
        m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end());
        return {};
    }
    uint64_t position() const override { return m_bytes.size(); }
    std::vector<uint8_t>& bytes() { return m_bytes; }

private:
    std::vector<uint8_t> m_bytes;
};

/// Buffers writes into an AtomicFileWriter; nothing appears at the path until commit().
class AtomicFileSink final : public ByteSink {
public:
    explicit AtomicFileSink(AtomicFileWriter writer) : m_writer(std::move(writer)) {}
    Result<void> write(std::span<const uint8_t> bytes) override;
    uint64_t position() const override { return m_position; }
    /// Flushes, fsyncs (unless NoFsync) and renames into place.
    [[nodiscard]] Result<void> commit(Durability durability = Durability::Fsync);

private:
    static constexpr size_t buffer_size = 1 << 20;
    static constexpr size_t direct_write_size = 64 << 10;
    AtomicFileWriter m_writer;
    std::vector<uint8_t> m_buffer;
    uint64_t m_position = 0;
};

}  // namespace roentgen
