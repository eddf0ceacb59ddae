// base/byte_sink.cpp — the buffered atomic file sink.
#include "base/byte_sink.h"

namespace roentgen {

Result<void> AtomicFileSink::write(std::span<const uint8_t> bytes)
{
    m_position += bytes.size();
    // Large writes (pixel data, network PDVs) go straight to the file: copying them into the
    // buffer first would only cost a copy and a large allocation per file.
    if (bytes.size() >= direct_write_size) {
        if (!m_buffer.empty()) {
            ROENTGEN_TRY(m_writer.write(m_buffer));
            m_buffer.clear();
        }
        return m_writer.write(bytes);
    }
    if (m_buffer.size() + bytes.size() > buffer_size) {
        ROENTGEN_TRY(m_writer.write(m_buffer));
        m_buffer.clear();
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
    return {};
}

Result<void> AtomicFileSink::commit(Durability durability)
{
    ROENTGEN_TRY(m_writer.write(m_buffer));
    m_buffer.clear();
    return m_writer.commit(durability);
}

}  // namespace roentgen
