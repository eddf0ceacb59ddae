// net/pdu/internal/pdu_reader.cpp — bounds-checked reads and decode error messages with PDU offsets.
#include "net/pdu/internal/pdu_reader.h"

#include <fmt/format.h>

#include "base/endian.h"

namespace roentgen::net::pdu_detail {

std::unexpected<Error> pdu_error(Errc code, std::string_view pdu, std::string_view item, size_t offset,
                                 std::string_view message)
{
    return make_error(code, fmt::format("{}: {}, offset {}: {}", pdu, item, offset, message));
}

Result<std::span<const uint8_t>> Reader::bytes(size_t count, std::string_view field)
{
    if (count > remaining())
        return fail(m_where.overrun, offset(),
                    fmt::format("{} needs {} bytes, {} left", field, count, remaining()));
    auto result = m_bytes.subspan(m_position, count);
    m_position += count;
    return result;
}

Result<uint8_t> Reader::u8(std::string_view field)
{
    ROENTGEN_TRY(auto span, bytes(1, field));
    return span[0];
}

Result<uint16_t> Reader::u16(std::string_view field)
{
    ROENTGEN_TRY(auto span, bytes(2, field));
    return load<uint16_t>(span.data(), ByteOrder::Big);
}

Result<uint32_t> Reader::u32(std::string_view field)
{
    ROENTGEN_TRY(auto span, bytes(4, field));
    return load<uint32_t>(span.data(), ByteOrder::Big);
}

Result<std::span<const uint8_t>> Reader::field16(std::string_view field)
{
    ROENTGEN_TRY(auto length, u16(field));
    return bytes(length, field);
}

Result<Item> Reader::item(std::string_view (*name_of)(uint8_t type))
{
    const size_t start = offset();
    if (remaining() < 4)
        return fail(m_where.overrun, start, fmt::format("an item header needs 4 bytes, {} left", remaining()));
    const uint8_t type = m_bytes[m_position];
    const uint16_t length = load<uint16_t>(m_bytes.data() + m_position + 2, ByteOrder::Big);
    const std::string_view name = name_of(type);
    if (length > remaining() - 4)
        return pdu_error(m_where.overrun, m_where.pdu, name, start,
                         fmt::format("item type {:02X}h, length {} runs past the end of {} ({} bytes left)", type,
                                     length, m_where.item, remaining() - 4));
    m_position += 4;
    Reader value(m_bytes.subspan(m_position, length), offset(), Where{m_where.pdu, name, Errc::Malformed});
    m_position += length;
    return Item{type, start, value};
}

std::span<const uint8_t> Reader::rest()
{
    auto result = m_bytes.subspan(m_position);
    m_position = m_bytes.size();
    return result;
}

std::string uid_text(std::span<const uint8_t> bytes)
{
    size_t end = bytes.size();
    while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' '))
        --end;
    return std::string(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(end));
}

std::string ae_title_text(std::span<const uint8_t> bytes)
{
    size_t begin = 0;
    size_t end = bytes.size();
    while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' '))
        --end;
    while (begin < end && bytes[begin] == ' ')
        ++begin;
    return std::string(bytes.begin() + static_cast<std::ptrdiff_t>(begin),
                       bytes.begin() + static_cast<std::ptrdiff_t>(end));
}

}  // namespace roentgen::net::pdu_detail
