// pixel/codecs/jpeg/dct_huffman.cpp — Huffman code assignment (T.81 C.2), table-driven decoding (F.2.2.3) and optimal
// code lengths (K.2).
#include "pixel/codecs/jpeg/dct_huffman.h"

#include <cstddef>
#include <string>

namespace roentgen::internal {

Result<void> assign_huffman_codes(const HuffmanSpec& spec, std::vector<uint8_t>& sizes, std::vector<uint16_t>& codes)
{
    size_t total = 0;
    for (auto count : spec.counts)
        total += count;
    if (total > 256 || total > spec.values.size())
        return make_error(Errc::Malformed, "Huffman table lists " + std::to_string(total) + " codes");
    sizes.clear();
    codes.clear();
    uint32_t code = 0;
    for (unsigned length = 1; length <= 16; ++length) {
        for (unsigned i = 0; i < spec.counts[length - 1]; ++i) {
            sizes.push_back(uint8_t(length));
            codes.push_back(uint16_t(code++));
        }
        // T.81 C.2; libjpeg also refuses a table whose codes reach the all-ones code of a length.
        if (spec.counts[length - 1] != 0 && code >= (1u << length))
            return make_error(Errc::Malformed, "Huffman table over-subscribes code length " + std::to_string(length));
        code <<= 1;
    }
    return {};
}

Result<void> DctHuffmanDecoder::build(const HuffmanSpec& spec)
{
    std::vector<uint8_t> sizes;
    std::vector<uint16_t> codes;
    ROENTGEN_TRY(assign_huffman_codes(spec, sizes, codes));
    m_fast.fill(0);
    m_max_code.fill(-1);
    size_t k = 0;
    for (unsigned length = 1; length <= 16; ++length) {
        unsigned count = spec.counts[length - 1];
        if (count == 0)
            continue;
        m_value_offset[length] = int32_t(k) - int32_t(codes[k]);
        k += count;
        m_max_code[length] = codes[k - 1];
    }
    for (size_t i = 0; i < sizes.size(); ++i) {
        m_values[i] = spec.values[i];
        if (sizes[i] > lookahead_bits)
            continue;
        unsigned shift = lookahead_bits - sizes[i];
        uint32_t first = uint32_t(codes[i]) << shift;
        for (uint32_t j = 0; j < (1u << shift); ++j)
            m_fast[first + j] = uint16_t(sizes[i] << 8 | spec.values[i]);
    }
    build_ac_shortcuts();
    return {};
}

void DctHuffmanDecoder::build_ac_shortcuts()
{
    for (uint32_t bits = 0; bits < (1u << lookahead_bits); ++bits) {
        AcShortcut& shortcut = m_ac_shortcuts[bits];
        shortcut = {0, 0, 0};
        uint16_t entry = m_fast[bits];
        unsigned code_length = entry >> 8, symbol = entry & 0xFF;
        unsigned run = symbol >> 4, size = symbol & 15;
        // EOB and ZRL (size 0) keep the general path, as do pairs longer than the lookahead.
        if (code_length == 0 || size == 0 || code_length + size > lookahead_bits)
            continue;
        auto extra = int32_t((bits >> (lookahead_bits - code_length - size)) & ((1u << size) - 1));
        int32_t value = extra < (1 << (size - 1)) ? extra + 1 - (1 << size) : extra;  // F.2.2.1 EXTEND
        shortcut = {int16_t(value), uint8_t(run), uint8_t(code_length + size)};
    }
}

int DctHuffmanDecoder::decode_slow(JpegBitReader& reader) const
{
    uint32_t bits = reader.peek(16);
    for (unsigned length = lookahead_bits + 1; length <= 16; ++length) {
        auto code = int32_t(bits >> (16 - length));
        if (code <= m_max_code[length]) {
            reader.skip(length);
            return m_values[size_t(code + m_value_offset[length])];
        }
    }
    return -1;
}

Result<HuffmanEncodeTable> huffman_encode_table(const HuffmanSpec& spec)
{
    std::vector<uint8_t> sizes;
    std::vector<uint16_t> codes;
    ROENTGEN_TRY(assign_huffman_codes(spec, sizes, codes));
    HuffmanEncodeTable table;
    for (size_t i = 0; i < sizes.size(); ++i) {
        table.code[spec.values[i]] = codes[i];
        table.size[spec.values[i]] = sizes[i];
    }
    return table;
}

HuffmanSpec optimal_huffman_spec(const std::array<uint64_t, 256>& frequencies)
{
    // Figure K.1: merge the two least frequent trees until one is left; symbol 256 is a dummy of
    // frequency 1 that takes the all-ones code point (removed below).
    std::array<uint64_t, 257> freq{};
    std::copy(frequencies.begin(), frequencies.end(), freq.begin());
    freq[256] = 1;
    std::array<int, 257> others;
    others.fill(-1);
    std::array<unsigned, 257> code_size{};
    // Only symbols that occur take part (at most 257 of them, usually a few dozen): the two
    // smallest are found among those still in the list, ties going to the higher symbol as in
    // libjpeg's jpeg_gen_optimal_table.
    std::vector<int> active;
    for (int i = 0; i <= 256; ++i)
        if (freq[size_t(i)] != 0)
            active.push_back(i);
    while (active.size() > 1) {
        size_t a = 0;
        for (size_t i = 1; i < active.size(); ++i)
            if (freq[size_t(active[i])] <= freq[size_t(active[a])])
                a = i;
        size_t b = a == 0 ? 1 : 0;
        for (size_t i = 0; i < active.size(); ++i)
            if (i != a && freq[size_t(active[i])] <= freq[size_t(active[b])])
                b = i;
        int c1 = active[a], c2 = active[b];
        freq[size_t(c1)] += freq[size_t(c2)];
        freq[size_t(c2)] = 0;
        active.erase(active.begin() + ptrdiff_t(b));
        ++code_size[size_t(c1)];
        while (others[size_t(c1)] >= 0) {
            c1 = others[size_t(c1)];
            ++code_size[size_t(c1)];
        }
        others[size_t(c1)] = c2;
        ++code_size[size_t(c2)];
        while (others[size_t(c2)] >= 0) {
            c2 = others[size_t(c2)];
            ++code_size[size_t(c2)];
        }
    }
    // Figure K.2 and K.3: count codes per length, then move codes longer than 16 bits up.
    std::array<unsigned, 258> bits{};
    for (unsigned size : code_size)
        if (size != 0)
            ++bits[size];
    for (unsigned i = 257; i > 16; --i)
        while (bits[i] > 0) {
            unsigned j = i - 2;
            while (bits[j] == 0)
                --j;
            bits[i] -= 2;
            ++bits[i - 1];
            bits[j + 1] += 2;
            --bits[j];
        }
    unsigned longest = 16;
    while (bits[longest] == 0)
        --longest;
    --bits[longest]; // the dummy symbol's code
    HuffmanSpec spec;
    for (unsigned i = 1; i <= 16; ++i)
        spec.counts[i - 1] = uint8_t(bits[i]);
    // Figure K.4: symbols by increasing code length (the dummy, longest, is left out).
    for (unsigned length = 1; length <= 257; ++length)
        for (unsigned symbol = 0; symbol < 256; ++symbol)
            if (code_size[symbol] == length)
                spec.values.push_back(uint8_t(symbol));
    return spec;
}

} // namespace roentgen::internal
