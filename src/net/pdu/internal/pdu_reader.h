// net/pdu/internal/pdu_reader.h — bounds-checked big-endian reads over a PDU body, an item or a sub-item.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roentgen::net::pdu_detail {

/// What a Reader reads, for error messages, and the error a read past its end is: Errc::Truncated for
/// the PDU body itself (the bytes ended early), Errc::Malformed inside an item (a sub-item or field
/// overruns its parent, whose own length fitted).
struct Where {
    std::string_view pdu;
    std::string_view item;
    Errc overrun = Errc::Truncated;
};

/// "A-ASSOCIATE-RQ: presentation context item (20h), offset 99: <message>"; the offset is in the PDU.
std::unexpected<Error> pdu_error(Errc code, std::string_view pdu, std::string_view item, size_t offset,
                                 std::string_view message);

struct Item;

/// A cursor over bytes whose first byte sits at `offset` in the PDU (header included).
class Reader {
public:
    Reader(std::span<const uint8_t> bytes, size_t offset, Where where)
        : m_bytes(bytes), m_offset(offset), m_where(where)
    {
    }

    bool at_end() const { return m_position == m_bytes.size(); }
    size_t remaining() const { return m_bytes.size() - m_position; }
    /// Offset in the PDU of the next byte.
    size_t offset() const { return m_offset + m_position; }
    const Where& where() const { return m_where; }

    /// An error about this reader's item at `offset` in the PDU.
    std::unexpected<Error> fail(Errc code, size_t offset, std::string_view message) const
    {
        return pdu_error(code, m_where.pdu, m_where.item, offset, message);
    }

    [[nodiscard]] Result<std::span<const uint8_t>> bytes(size_t count, std::string_view field);
    [[nodiscard]] Result<uint8_t> u8(std::string_view field);
    [[nodiscard]] Result<uint16_t> u16(std::string_view field);
    [[nodiscard]] Result<uint32_t> u32(std::string_view field);
    /// A 2-byte length then that many bytes (the UID-length/UID pairs of PS3.7 D.3.3).
    [[nodiscard]] Result<std::span<const uint8_t>> field16(std::string_view field);
    /// Reads an item header and returns the item with a reader over its value; `name_of` names the
    /// item for messages. An item running past this reader's end fails with where().overrun.
    [[nodiscard]] Result<Item> item(std::string_view (*name_of)(uint8_t type));
    /// Consumes and returns what is left.
    std::span<const uint8_t> rest();

private:
    std::span<const uint8_t> m_bytes;
    size_t m_offset = 0;
    size_t m_position = 0;
    Where m_where;
};

/// One item or sub-item of the PS3.8 9.3.1 shape: type, reserved byte, 2-byte length, value.
struct Item {
    uint8_t type = 0;
    size_t offset = 0;  ///< Of the item-type byte, in the PDU.
    Reader value;       ///< Over the item's value; overruns inside it are Errc::Malformed.
};

/// A UID field as text: trailing NULs and spaces dropped (PS3.5 9.1 pads with NUL; some peers pad
/// PDU fields too).
std::string uid_text(std::span<const uint8_t>);

/// An AE title field as text: leading and trailing spaces are not significant (PS3.8 9.3.2);
/// trailing NULs are dropped too, as some peers pad with them.
std::string ae_title_text(std::span<const uint8_t>);

}  // namespace roentgen::net::pdu_detail
