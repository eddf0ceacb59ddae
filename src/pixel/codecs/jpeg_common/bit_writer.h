// pixel/codecs/jpeg_common/bit_writer.h — writes entropy-coded JPEG data with byte stuffing and 1-bit padding (T.81
// B.1.1.5, F.1.2.3).
#pragma once

#include <cstdint>
#include <vector>

namespace roentgen::internal {

/// Accumulates codes most significant bit first and appends whole bytes to `out`, each 0xFF
/// followed by a stuffed 0x00 (T.81 B.1.1.5).
class JpegBitWriter {
public:
    explicit JpegBitWriter(std::vector<uint8_t>& out) : m_out(out) {}

    /// Appends the low `count` bits of `bits` (count <= 32; the other bits of `bits` must be 0).
    void put(uint32_t bits, unsigned count)
    {
        m_acc = (m_acc << count) | bits;
        m_count += count;
        if (m_count >= 32) {
            m_count -= 32;
            emit32(uint32_t(m_acc >> m_count));
        }
    }

    /// Pads the last byte with 1-bits (T.81 F.1.2.3) and writes it; the writer is empty afterwards.
    void flush()
    {
        unsigned pad = (8 - m_count % 8) % 8;
        m_acc = (m_acc << pad) | ((1u << pad) - 1);
        m_count += pad;
        while (m_count >= 8) {
            m_count -= 8;
            emit8(uint8_t(m_acc >> m_count));
        }
        m_acc = 0;
    }

private:
    void emit8(uint8_t byte)
    {
        m_out.push_back(byte);
        if (byte == 0xFF)
            m_out.push_back(0x00);
    }
    void emit32(uint32_t word)
    {
        uint32_t inverted = ~word;
        if (((inverted - 0x01010101u) & ~inverted & 0x80808080u) == 0) {
            uint8_t bytes[4] = {uint8_t(word >> 24), uint8_t(word >> 16), uint8_t(word >> 8), uint8_t(word)};
            m_out.insert(m_out.end(), bytes, bytes + 4);
            return;
        }
        for (int shift = 24; shift >= 0; shift -= 8)
            emit8(uint8_t(word >> shift));
    }

    std::vector<uint8_t>& m_out;
    uint64_t m_acc = 0;
    unsigned m_count = 0;
};

} // namespace roentgen::internal
