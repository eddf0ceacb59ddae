// net/pdu/internal/pdu_writer.h — big-endian appends with length fields patched once their item is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace roentgen::net::pdu_detail {

class Writer {
public:
    std::vector<uint8_t>& bytes() { return m_bytes; }
    size_t size() const { return m_bytes.size(); }

    void u8(uint8_t value) { m_bytes.push_back(value); }
    void u16(uint16_t value);
    void u32(uint32_t value);
    void zeros(size_t count) { m_bytes.insert(m_bytes.end(), count, 0); }
    void append(std::span<const uint8_t> bytes) { m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end()); }
    void append(std::string_view text) { m_bytes.insert(m_bytes.end(), text.begin(), text.end()); }

    /// Writes a placeholder 2-byte length and returns where; end_length16 fills in the bytes written
    /// since, failing with Errc::InvalidArgument (naming `what`) past 65535.
    size_t begin_length16();
    [[nodiscard]] Result<void> end_length16(size_t at, std::string_view what);
    size_t begin_length32();
    [[nodiscard]] Result<void> end_length32(size_t at, std::string_view what);

    /// An item header (type, reserved 00h, length to be patched); returns the length's position.
    size_t begin_item(uint8_t type);
    /// A 2-byte length then `bytes`.
    [[nodiscard]] Result<void> field16(std::span<const uint8_t> bytes, std::string_view what);
    [[nodiscard]] Result<void> field16(std::string_view text, std::string_view what);

private:
    std::vector<uint8_t> m_bytes;
};

/// Errc::InvalidArgument unless `uid` is 1 to 64 characters (PS3.5 9.1); `what` names the field.
[[nodiscard]] Result<void> check_uid(std::string_view uid, std::string_view what);

}  // namespace roentgen::net::pdu_detail
