// base/byte_sink.cpp — the buffered atomic file sink.
#include "base/byte_sink.h"

namespace roentgen {

Result<void> AtomicFileSink::write(std::span<const uint8_t> bytes)
{
    m_position += bytes.size();
    if (m_buffer.size() + bytes.size() > buffer_size) {
        ROENTGEN_TRY(m_writer.write(m_buffer));
        m_buffer.clear();
        if (bytes.size() >= buffer_size)
            return m_writer.write(bytes);
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
