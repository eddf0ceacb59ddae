// pixel/codecs/jpeg/dct_huffman.h — Huffman tables of DCT-based JPEG: decoding symbols, code assignment and optimal
// tables (T.81 Annex C, F.2.2.3, K.2).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "pixel/codecs/jpeg_common/bit_reader.h"

namespace roentgen::internal {

/// A table as a DHT segment carries it (T.81 B.2.4.2): BITS (codes of each length 1..16) and
/// HUFFVAL (symbols in order of increasing code length).
struct HuffmanSpec {
    std::array<uint8_t, 16> counts{};
    std::vector<uint8_t> values;
};

/// Code lengths and codes of each HUFFVAL entry (T.81 C.1, C.2). Fails, as libjpeg does, when
/// the counts over-subscribe a length or leave no room for the all-ones code that no code may be.
[[nodiscard]] Result<void> assign_huffman_codes(const HuffmanSpec& spec, std::vector<uint8_t>& sizes,
                                                std::vector<uint16_t>& codes);

/// Decodes symbols with one lookup for codes of up to `lookahead_bits` bits and the canonical
/// search of T.81 F.2.2.3 for longer ones.
class DctHuffmanDecoder {
public:
    static constexpr unsigned lookahead_bits = 9;

    [[nodiscard]] Result<void> build(const HuffmanSpec& spec);

    /// The next symbol (0..255), or -1 when the next 16 bits start no code of this table. The
    /// caller has called reader.fill().
    int decode(JpegBitReader& reader) const
    {
        uint16_t entry = m_fast[reader.peek(lookahead_bits)];
        if (entry != 0) {
            reader.skip(entry >> 8);
            return entry & 0xFF;
        }
        return decode_slow(reader);
    }

    /// An AC symbol whose code and extra bits (T.81 F.2.2.1) both fit the lookahead: the run of
    /// zeros before it, its coefficient value, and the bits the pair takes; length 0 otherwise.
    struct AcShortcut {
        int16_t value;
        uint8_t run;
        uint8_t length;
    };
    /// The shortcut for the next `lookahead_bits` bits (reader.peek(lookahead_bits)), for tables
    /// used as AC tables.
    const AcShortcut& ac_shortcut(uint32_t lookahead) const { return m_ac_shortcuts[lookahead]; }

private:
    int decode_slow(JpegBitReader& reader) const;
    void build_ac_shortcuts();

    std::array<AcShortcut, 1u << lookahead_bits> m_ac_shortcuts{};

    std::array<uint16_t, 1u << lookahead_bits> m_fast{}; ///< (length << 8) | symbol; 0 = longer code.
    std::array<int32_t, 17> m_max_code{};                ///< Largest code of each length, -1 when none.
    std::array<int32_t, 17> m_value_offset{};
    std::array<uint8_t, 256> m_values{};
};

/// Codes and lengths by symbol, for encoding; size 0 means the symbol has no code.
struct HuffmanEncodeTable {
    std::array<uint16_t, 256> code{};
    std::array<uint8_t, 256> size{};
};

[[nodiscard]] Result<HuffmanEncodeTable> huffman_encode_table(const HuffmanSpec& spec);

/// The optimal table for these symbol frequencies, limited to 16-bit codes and keeping the
/// all-ones code point free (T.81 K.2, Figures K.1 to K.3; libjpeg's jpeg_gen_optimal_table).
/// Symbols of frequency 0 get no code.
HuffmanSpec optimal_huffman_spec(const std::array<uint64_t, 256>& frequencies);

} // namespace roentgen::internal
