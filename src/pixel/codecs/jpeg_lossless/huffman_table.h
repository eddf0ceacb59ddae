// pixel/codecs/jpeg_lossless/huffman_table.h — Huffman tables of lossless JPEG: table-driven decoding and optimal code
// construction (T.81 Annex C, K.2).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "pixel/codecs/jpeg_common/bit_reader.h"

namespace roentgen::internal {

/// A Huffman table as a DHT segment carries it (T.81 B.2.4.2): the number of codes of each length
/// 1..16 (BITS) and the symbols in order of increasing code length (HUFFVAL).
struct LjpegHuffmanSpec {
    std::array<uint8_t, 16> counts{};
    std::vector<uint8_t> values;
};

/// How the entropy-coded data is read.
enum class LjpegMode {
    Standard, ///< T.81: DIFF category 16 has no extra bits (H.1.2.2); codes are at most 16 bits.
    /// The 16-bit lossless encoder from Cornell (Huang and Smith's ljpeg) writes 16 extra bits
    /// (0x8000 or 0x7FFF) after category 16, and may give category 16 a 17-bit code that its DHT
    /// cannot hold. As DCMTK's workaround (dcmdjpeg +wc): a 17-bit code that matches nothing
    /// is category 16, and 16 bits of 0x8000 or 0x7FFF after category 16 are skipped.
    CornellEncoder,
};

/// Decodes DIFF values (T.81 H.1.2.2, F.2.2.1) with one lookup for most samples: the table is
/// indexed by the next `lookahead_bits` bits and, where the code and its extra bits fit, gives the
/// DIFF directly; longer codes fall back to the canonical search of F.2.2.3.
class LjpegHuffmanDecoder {
public:
    static constexpr unsigned lookahead_bits = 12;

    /// Builds the lookup tables; fails on a table whose codes do not fit their lengths (C.2).
    [[nodiscard]] Result<void> build(const LjpegHuffmanSpec& spec, LjpegMode mode);

    /// The next DIFF modulo 2^16 (0..65535), or -1 when the bits are no code of this table or
    /// decode to a category above 16.
    int32_t decode(JpegBitReader& reader) const
    {
        reader.fill();
        uint32_t entry = m_fast[reader.peek(lookahead_bits)];
        if (entry & complete_flag) {
            reader.skip(entry & 0xFF);
            return int32_t(entry >> 16);
        }
        return decode_slow(reader, entry);
    }

    /// How often the CornellEncoder reading was needed: extra bits skipped or a 17-bit code read.
    uint64_t cornell_uses() const { return m_cornell_uses; }

private:
    static constexpr uint32_t partial_flag = 0x100;  ///< Code known (length in bits 0-7), SSSS in bits 16-23.
    static constexpr uint32_t complete_flag = 0x200; ///< Total length in bits 0-7, DIFF in bits 16-31.

    int32_t decode_slow(JpegBitReader& reader, uint32_t entry) const;
    int32_t diff_of_category(JpegBitReader& reader, unsigned ssss) const;

    std::array<uint32_t, 1u << lookahead_bits> m_fast{};
    std::array<int32_t, 18> m_max_code{}; ///< Largest code of each length, -1 when none (F.2.2.3).
    std::array<int32_t, 17> m_value_offset{};
    std::array<uint8_t, 256> m_values{};
    LjpegMode m_mode = LjpegMode::Standard;
    /// Counted on the slow path only; a decoder belongs to one scan of one thread.
    mutable uint64_t m_cornell_uses = 0;
};

/// A Huffman code for the DIFF categories 0..16, ready for encoding.
struct LjpegHuffmanCode {
    LjpegHuffmanSpec spec;
    std::array<uint16_t, 17> code{};
    std::array<uint8_t, 17> size{}; ///< 0 for categories that have no code.
};

/// The optimal code limited to 16 bits for these category frequencies (T.81 K.2, Figures K.1 to
/// K.4, with the reserved all-ones code point). Categories of frequency 0 get no code.
LjpegHuffmanCode build_ljpeg_huffman_code(const std::array<uint64_t, 17>& frequencies);

/// Code lengths and codes from BITS (T.81 C.1, C.2): sizes[i], codes[i] for the i-th value.
/// Fails when the counts over-subscribe some length.
[[nodiscard]] Result<void> generate_ljpeg_codes(const LjpegHuffmanSpec& spec, std::vector<uint8_t>& sizes,
                                                std::vector<uint16_t>& codes);

} // namespace roentgen::internal
