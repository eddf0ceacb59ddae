// model/bulk_data.cpp — owned and referenced bulk data.
#include "model/bulk_data.h"

namespace roentgen {

BulkData BulkData::owned(std::vector<uint8_t> bytes)
{
    uint64_t length = bytes.size();
    return BulkData(std::make_shared<MemorySource>(std::move(bytes)), 0, length);
}

std::span<const uint8_t> BulkData::view() const
{
    if (!m_source || m_length == 0)
        return {};
    auto all = m_source->contiguous();
    if (all.empty() || m_offset + m_length > all.size())
        return {};
    return all.subspan(static_cast<size_t>(m_offset), static_cast<size_t>(m_length));
}

Result<std::vector<uint8_t>> BulkData::load() const
{
    std::vector<uint8_t> out(static_cast<size_t>(m_length));
    if (m_length == 0)
        return out;
    ROENTGEN_TRY(m_source->read(m_offset, out));
    return out;
}

}  // namespace roentgen
