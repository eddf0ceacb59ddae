// pixel/codecs/jpeg_lossless/huffman_table.cpp — Huffman code generation (T.81 Annex C), lookup tables, optimal codes
// (K.2).
#include "pixel/codecs/jpeg_lossless/huffman_table.h"

#include <algorithm>
#include <string>

#include "base/assert.h"

namespace roentgen::internal {

namespace {

/// T.81 F.2.2.1, Figure F.12: the DIFF of category `ssss` (1..15) from its extra bits, modulo 2^16.
uint32_t extend(uint32_t bits, unsigned ssss)
{
    int32_t value = bits < (1u << (ssss - 1)) ? int32_t(bits) - int32_t((1u << ssss) - 1) : int32_t(bits);
    return uint32_t(value) & 0xFFFF;
}

} // namespace

Result<void> generate_ljpeg_codes(const LjpegHuffmanSpec& spec, std::vector<uint8_t>& sizes,
                                  std::vector<uint16_t>& codes)
{
    sizes.clear();
    codes.clear();
    uint32_t code = 0;
    for (unsigned length = 1; length <= 16; ++length) {
        for (unsigned i = 0; i < spec.counts[length - 1]; ++i) {
            sizes.push_back(uint8_t(length));
            codes.push_back(uint16_t(code));
            ++code;
        }
        // C.2: every code of this length must fit in `length` bits.
        if (code > (1u << length))
            return make_error(Errc::Malformed,
                              "Huffman table has more codes of length " + std::to_string(length) + " than fit");
        code <<= 1;
    }
    if (sizes.size() != spec.values.size())
        return make_error(Errc::Malformed, "Huffman table lists " + std::to_string(spec.values.size()) +
                                               " values for " + std::to_string(sizes.size()) + " codes");
    return {};
}

Result<void> LjpegHuffmanDecoder::build(const LjpegHuffmanSpec& spec, LjpegMode mode)
{
    std::vector<uint8_t> sizes;
    std::vector<uint16_t> codes;
    ROENTGEN_TRY(generate_ljpeg_codes(spec, sizes, codes));
    m_mode = mode;
    m_cornell_uses = 0;
    m_fast.fill(0);
    m_values.fill(0);
    std::copy(spec.values.begin(), spec.values.end(), m_values.begin());
    // F.2.2.3 (Figure F.15 / F.16): MAXCODE and the offset from code to value index per length.
    size_t index = 0;
    for (unsigned length = 1; length <= 16; ++length) {
        unsigned count = spec.counts[length - 1];
        if (count == 0) {
            m_max_code[length] = -1;
            m_value_offset[length] = 0;
            continue;
        }
        m_value_offset[length] = int32_t(index) - int32_t(codes[index]);
        index += count;
        m_max_code[length] = codes[index - 1];
    }
    m_max_code[17] = INT32_MAX; // sentinel
    m_max_code[0] = -1;

    constexpr unsigned look = lookahead_bits;
    for (size_t i = 0; i < sizes.size(); ++i) {
        unsigned length = sizes[i];
        if (length > look)
            continue;
        unsigned ssss = spec.values[i];
        unsigned free_bits = look - length;
        uint32_t first = uint32_t(codes[i]) << free_bits;
        for (uint32_t rest = 0; rest < (1u << free_bits); ++rest) {
            uint32_t entry;
            if (ssss > 16) {
                entry = 0; // left to the slow path, which reports it
            } else if (ssss == 0) {
                entry = complete_flag | length;
            } else if (ssss == 16) {
                if (mode == LjpegMode::Standard)
                    entry = complete_flag | length | (0x8000u << 16);
                else
                    entry = partial_flag | length | (16u << 16);
            } else if (ssss <= free_bits) {
                uint32_t bits = rest >> (free_bits - ssss);
                entry = complete_flag | (length + ssss) | (extend(bits, ssss) << 16);
            } else {
                entry = partial_flag | length | (ssss << 16);
            }
            m_fast[first | rest] = entry;
        }
    }
    return {};
}

int32_t LjpegHuffmanDecoder::diff_of_category(JpegBitReader& reader, unsigned ssss) const
{
    if (ssss == 0)
        return 0;
    if (ssss == 16) {
        if (m_mode == LjpegMode::CornellEncoder) {
            // The Cornell encoder's extra bits for DIFF 32768: 0x8000, or 0x7FFF (DIFF - 1).
            reader.fill();
            uint32_t extra = reader.peek(16);
            if (extra == 0x8000 || extra == 0x7FFF) {
                reader.skip(16);
                ++m_cornell_uses;
            }
        }
        return 0x8000;
    }
    if (ssss > 16)
        return -1;
    uint32_t bits = reader.peek(ssss);
    reader.skip(ssss);
    return int32_t(extend(bits, ssss));
}

int32_t LjpegHuffmanDecoder::decode_slow(JpegBitReader& reader, uint32_t entry) const
{
    // fill() in decode() left at least 32 bits: a 16-bit code and 16 extra bits at most.
    if (entry & partial_flag) {
        reader.skip(entry & 0xFF);
        return diff_of_category(reader, (entry >> 16) & 0xFF);
    }
    // F.2.2.3, Figure F.16: the shortest length whose MAXCODE the leading bits do not exceed.
    // (Codes up to the lookahead length get here only for categories above 16, which fail.)
    uint32_t bits = reader.peek(16);
    for (unsigned length = 1; length <= 16; ++length) {
        int32_t code = int32_t(bits >> (16 - length));
        if (code <= m_max_code[length]) {
            reader.skip(length);
            return diff_of_category(reader, m_values[size_t(code + m_value_offset[length]) & 0xFF]);
        }
    }
    if (m_mode == LjpegMode::CornellEncoder) {
        // Past every 16-bit code: the 17-bit code the Cornell encoder gave category 16 (libjpeg's
        // sentinel length 17, which DCMTK's workaround reads as category 16).
        reader.skip(17);
        ++m_cornell_uses;
        return diff_of_category(reader, 16);
    }
    return -1; // no code of this table
}

LjpegHuffmanCode build_ljpeg_huffman_code(const std::array<uint64_t, 17>& frequencies)
{
    // K.2 Figure K.1 over 17 categories plus one reserved symbol of frequency 1, so that no code
    // is all ones (K.2: "one code point is reserved").
    constexpr int symbols = 18;
    std::array<uint64_t, symbols> freq{};
    std::copy(frequencies.begin(), frequencies.end(), freq.begin());
    freq[17] = 1;
    std::array<int, symbols> code_size{};
    std::array<int, symbols> others;
    others.fill(-1);
    for (;;) {
        int v1 = -1;
        int v2 = -1;
        uint64_t least = UINT64_MAX;
        for (int i = 0; i < symbols; ++i) // least frequency, the largest symbol on ties
            if (freq[i] != 0 && freq[i] <= least) {
                least = freq[i];
                v1 = i;
            }
        least = UINT64_MAX;
        for (int i = 0; i < symbols; ++i)
            if (freq[i] != 0 && freq[i] <= least && i != v1) {
                least = freq[i];
                v2 = i;
            }
        if (v2 < 0)
            break;
        freq[v1] += freq[v2];
        freq[v2] = 0;
        ++code_size[v1];
        while (others[v1] >= 0) {
            v1 = others[v1];
            ++code_size[v1];
        }
        others[v1] = v2;
        ++code_size[v2];
        while (others[v2] >= 0) {
            v2 = others[v2];
            ++code_size[v2];
        }
    }
    // Figure K.2: BITS from the code sizes (at most symbols - 1 bits long).
    std::array<int, 40> bits{};
    for (int i = 0; i < symbols; ++i)
        if (code_size[i] > 0)
            ++bits[code_size[i]];
    // Figure K.3: limit code lengths to 16 bits, then drop the reserved code point.
    for (int i = 39; i > 16; --i) {
        while (bits[i] > 0) {
            int j = i - 2;
            while (bits[j] == 0)
                --j;
            bits[i] -= 2;
            bits[i - 1] += 1;
            bits[j + 1] += 2;
            bits[j] -= 1;
        }
    }
    int longest = 16;
    while (longest > 0 && bits[longest] == 0)
        --longest;
    if (longest > 0)
        --bits[longest];

    LjpegHuffmanCode result;
    for (int length = 1; length <= 16; ++length)
        result.spec.counts[length - 1] = uint8_t(bits[length]);
    // Figure K.4: symbols by increasing code size, then by value; the reserved one is left out.
    for (int size = 1; size < 40; ++size)
        for (int i = 0; i < 17; ++i)
            if (code_size[i] == size)
                result.spec.values.push_back(uint8_t(i));
    std::vector<uint8_t> sizes;
    std::vector<uint16_t> codes;
    auto generated = generate_ljpeg_codes(result.spec, sizes, codes);
    ROENTGEN_ASSERT(generated.has_value());
    for (size_t i = 0; i < sizes.size(); ++i) {
        result.code[result.spec.values[i]] = codes[i];
        result.size[result.spec.values[i]] = sizes[i];
    }
    return result;
}

} // namespace roentgen::internal
