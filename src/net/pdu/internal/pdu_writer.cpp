// net/pdu/internal/pdu_writer.cpp — length fields that refuse to overflow, UID checks for encoding.
#include "net/pdu/internal/pdu_writer.h"

#include <limits>

#include <fmt/format.h>

#include "base/endian.h"

namespace roentgen::net::pdu_detail {

void Writer::u16(uint16_t value)
{
    uint8_t bytes[2];
    store<uint16_t>(bytes, value, ByteOrder::Big);
    append(bytes);
}

void Writer::u32(uint32_t value)
{
    uint8_t bytes[4];
    store<uint32_t>(bytes, value, ByteOrder::Big);
    append(bytes);
}

size_t Writer::begin_length16()
{
    const size_t at = size();
    u16(0);
    return at;
}

Result<void> Writer::end_length16(size_t at, std::string_view what)
{
    const size_t length = size() - at - 2;
    if (length > std::numeric_limits<uint16_t>::max())
        return make_error(Errc::InvalidArgument,
                          fmt::format("{} is {} bytes, over the 65535 its length field holds", what, length));
    store<uint16_t>(m_bytes.data() + at, static_cast<uint16_t>(length), ByteOrder::Big);
    return {};
}

size_t Writer::begin_length32()
{
    const size_t at = size();
    u32(0);
    return at;
}

Result<void> Writer::end_length32(size_t at, std::string_view what)
{
    const size_t length = size() - at - 4;
    if (length > std::numeric_limits<uint32_t>::max())
        return make_error(Errc::InvalidArgument,
                          fmt::format("{} is {} bytes, over the 4294967295 its length field holds", what, length));
    store<uint32_t>(m_bytes.data() + at, static_cast<uint32_t>(length), ByteOrder::Big);
    return {};
}

size_t Writer::begin_item(uint8_t type)
{
    u8(type);
    u8(0);
    return begin_length16();
}

Result<void> Writer::field16(std::span<const uint8_t> bytes, std::string_view what)
{
    const size_t at = begin_length16();
    append(bytes);
    return end_length16(at, what);
}

Result<void> Writer::field16(std::string_view text, std::string_view what)
{
    const size_t at = begin_length16();
    append(text);
    return end_length16(at, what);
}

Result<void> check_uid(std::string_view uid, std::string_view what)
{
    if (uid.empty())
        return make_error(Errc::InvalidArgument, fmt::format("{} is empty", what));
    if (uid.size() > 64)
        return make_error(Errc::InvalidArgument,
                          fmt::format("{} \"{}\" is {} characters, over the 64 of a UID (PS3.5 9.1)", what, uid,
                                      uid.size()));
    return {};
}

}  // namespace roentgen::net::pdu_detail
