// pixel/codecs/jpeg_common/bit_reader.h — reads entropy-coded JPEG data bit by bit, removing byte stuffing (T.81
// B.1.1.5).
#pragma once

#include <cstdint>
#include <cstring>

namespace roentgen::internal {

/// A 64-bit left-aligned bit buffer over one entropy-coded segment. Refills remove the stuffed
/// 0x00 after each 0xFF (T.81 B.1.1.5) and stop at the first marker; past a marker or the end of
/// the data the buffer is fed zero bits, which are counted so that the caller can tell a stream
/// that ran short (overrun_bits) from one that ended where it should.
class JpegBitReader {
public:
    JpegBitReader(const uint8_t* begin, const uint8_t* end) : m_pos(begin), m_end(end) {}

    /// Makes at least 32 bits available to peek().
    void fill()
    {
        if (m_count < 32)
            refill();
    }
    /// The next `n` bits (1 <= n <= 32), most significant first.
    uint32_t peek(unsigned n) const { return uint32_t(m_buffer >> (64 - n)); }
    void skip(unsigned n)
    {
        m_buffer <<= n;
        m_count -= int(n);
    }

    /// Bits consumed beyond the real data (zero bits fed after a marker or the end).
    int64_t overrun_bits() const { return m_zero_bits > m_count ? m_zero_bits - m_count : 0; }
    /// Real data bits buffered but not consumed yet.
    int64_t unread_bits() const { return m_count > m_zero_bits ? m_count - m_zero_bits : 0; }
    /// Where reading stopped: at the 0xFF of the marker that ended the segment, or at the end.
    const uint8_t* position() const { return m_pos; }
    bool at_marker() const { return m_marker; }

    /// Drops the buffered bits and starts over at `p`: after a restart marker the entropy-coded
    /// data begins byte-aligned with an empty bit buffer (T.81 B.1.1.5, B.2.4.4).
    void reset(const uint8_t* p)
    {
        m_pos = p;
        m_buffer = 0;
        m_count = 0;
        m_zero_bits = 0;
        m_marker = false;
    }

private:
    void refill()
    {
        while (m_count <= 56) {
            if (!m_marker && m_end - m_pos >= 8) {
                uint64_t word;
                std::memcpy(&word, m_pos, 8);
                word = __builtin_bswap64(word);
                uint64_t inverted = ~word;
                // No 0xFF byte among the eight: take as many whole bytes as fit, unstuffed.
                if (((inverted - 0x0101010101010101ull) & ~inverted & 0x8080808080808080ull) == 0) {
                    unsigned bytes = unsigned(64 - m_count) >> 3;
                    uint64_t chunk = bytes == 8 ? word : word & ~(~0ull >> (8 * bytes));
                    m_buffer |= chunk >> m_count;
                    m_count += int(8 * bytes);
                    m_pos += bytes;
                    continue;
                }
            }
            add_byte(next_byte());
        }
    }

    void add_byte(uint32_t byte)
    {
        m_buffer |= uint64_t(byte) << (56 - m_count);
        m_count += 8;
    }

    uint32_t next_byte()
    {
        if (m_marker || m_pos >= m_end) {
            m_zero_bits += 8;
            return 0;
        }
        uint8_t byte = *m_pos;
        if (byte != 0xFF) {
            ++m_pos;
            return byte;
        }
        // 0xFF: fill bytes (more 0xFF, B.1.1.2), then 0x00 for a stuffed data byte or a marker code.
        const uint8_t* q = m_pos + 1;
        while (q < m_end && *q == 0xFF)
            ++q;
        if (q < m_end && *q == 0x00) {
            m_pos = q + 1;
            return 0xFF;
        }
        m_pos = q < m_end ? q - 1 : m_end;
        m_marker = q < m_end;
        m_zero_bits += 8;
        return 0;
    }

    const uint8_t* m_pos;
    const uint8_t* m_end;
    uint64_t m_buffer = 0;
    int m_count = 0;         ///< Valid bits at the top of m_buffer.
    int64_t m_zero_bits = 0; ///< Zero bits fed since the last reset (they sit at the bottom of the buffer).
    bool m_marker = false;
};

} // namespace roentgen::internal
