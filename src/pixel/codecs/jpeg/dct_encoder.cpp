// pixel/codecs/jpeg/dct_encoder.cpp — forward DCT, quantization, two-pass optimal Huffman coding and marker writing
// for one-component sequential DCT-based JPEG.
#include "pixel/codecs/jpeg/dct_encoder.h"

#include <algorithm>
#include <bit>
#include <string>

#include "pixel/codecs/jpeg/dct.h"
#include "pixel/codecs/jpeg/dct_huffman.h"
#include "pixel/codecs/jpeg_common/bit_writer.h"

namespace roentgen::internal {

namespace {

/// T.81 Table K.1 (luminance), natural order.
constexpr std::array<uint16_t, 64> luminance_table = {
    16, 11,  10,  16, 24, 40, 51, 61, 12,  12,  14,  19,  26, 58, 60, 55,  14,  13,  16,  24, 40, 57,
    69, 56,  14,  17, 22, 29, 51, 87, 80,  62,  18,  22,  37, 56, 68, 109, 103, 77,  24,  35, 55, 64,
    81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98,  112, 100, 103, 99};

/// libjpeg's jpeg_quality_scaling and jpeg_add_quant_table: percentage scale of the base table,
/// entries limited to 1..255 for 8-bit precision (baseline) and to 1..32767 otherwise.
QuantTable scaled_table(int quality, unsigned precision)
{
    quality = std::clamp(quality, 1, 100);
    long scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    long limit = precision == 8 ? 255 : 32767;
    QuantTable table;
    for (size_t i = 0; i < 64; ++i)
        table[i] = uint16_t(std::clamp((long(luminance_table[i]) * scale + 50) / 100, 1L, limit));
    return table;
}

unsigned magnitude_category(int32_t value)
{
    return unsigned(std::bit_width(uint32_t(value < 0 ? -value : value)));
}

void put_be16(std::vector<uint8_t>& out, size_t value)
{
    out.push_back(uint8_t(value >> 8));
    out.push_back(uint8_t(value));
}

void put_huffman_table(std::vector<uint8_t>& out, unsigned table_class, const HuffmanSpec& spec)
{
    // T.81 B.2.4.2
    out.insert(out.end(), {0xFF, 0xC4});
    put_be16(out, 2 + 1 + 16 + spec.values.size());
    out.push_back(uint8_t(table_class << 4));
    out.insert(out.end(), spec.counts.begin(), spec.counts.end());
    out.insert(out.end(), spec.values.begin(), spec.values.end());
}

void put_headers(std::vector<uint8_t>& out, const DctEncodeSource& source, const QuantTable& quant)
{
    out.insert(out.end(), {0xFF, 0xD8}); // SOI
    // DQT (T.81 B.2.4.1), zig-zag order; Pq 1 when an entry needs 16 bits.
    bool wide = std::any_of(quant.begin(), quant.end(), [](uint16_t q) { return q > 255; });
    out.insert(out.end(), {0xFF, 0xDB});
    put_be16(out, 2 + 1 + (wide ? 128 : 64));
    out.push_back(wide ? 0x10 : 0x00);
    for (unsigned k = 0; k < 64; ++k) {
        uint16_t q = quant[jpeg_natural_order[k]];
        if (wide)
            out.push_back(uint8_t(q >> 8));
        out.push_back(uint8_t(q));
    }
    // SOF1, extended sequential Huffman (T.81 B.2.2): P, Y, X, one component 1x1 with table 0. An
    // 8-bit stream with these 8-bit tables is baseline and says so (SOF0).
    out.insert(out.end(), {0xFF, uint8_t(source.precision == 8 ? 0xC0 : 0xC1)});
    put_be16(out, 11);
    out.push_back(uint8_t(source.precision));
    put_be16(out, source.height);
    put_be16(out, source.width);
    out.insert(out.end(), {1, 1, 0x11, 0});
}

/// The coefficients of every block, row by row; edge samples repeated to whole blocks as
/// libjpeg does.
Result<std::vector<DctBlock>> transform(const DctEncodeSource& source, const QuantTable& quant)
{
    const uint32_t blocks_x = (source.width + 7) / 8, blocks_y = (source.height + 7) / 8;
    const uint32_t limit = 1u << source.precision;
    std::vector<DctBlock> blocks(size_t(blocks_x) * blocks_y);
    std::vector<uint16_t> rows(size_t(blocks_x) * 8 * 8);
    const size_t stride = size_t(blocks_x) * 8;
    const unsigned bps = source.bytes_per_sample;
    for (uint32_t by = 0; by < blocks_y; ++by) {
        for (uint32_t r = 0; r < 8; ++r) {
            uint32_t y = std::min(by * 8 + r, source.height - 1);
            const uint8_t* in = source.samples.data() + size_t(y) * source.width * bps;
            uint16_t* row = rows.data() + r * stride;
            for (uint32_t x = 0; x < source.width; ++x) {
                uint32_t value = bps == 1 ? in[x] : uint32_t(in[2 * x] | in[2 * x + 1] << 8);
                if (value >= limit)
                    return make_error(Errc::InvalidArgument, "sample " + std::to_string(value) + " at (" +
                                                                 std::to_string(x) + ", " + std::to_string(y) +
                                                                 ") does not fit the JPEG precision of " +
                                                                 std::to_string(source.precision) + " bits");
                row[x] = uint16_t(value);
            }
            std::fill(row + source.width, row + stride, row[source.width - 1]);
        }
        for (uint32_t bx = 0; bx < blocks_x; ++bx) {
            DctBlock& block = blocks[size_t(by) * blocks_x + bx];
            if (source.precision == 8)
                forward_dct_islow<8>(rows.data() + size_t(bx) * 8, stride, quant, block);
            else
                forward_dct_islow<12>(rows.data() + size_t(bx) * 8, stride, quant, block);
        }
    }
    return blocks;
}

/// Walks the symbols of every block in coding order (T.81 F.1.2.1, F.1.2.2): `dc(category,
/// diff)` once per block, `ac(symbol, value)` per run/size symbol with value 0 for ZRL and EOB.
template <typename Dc, typename Ac> void for_each_symbol(const std::vector<DctBlock>& blocks, Dc dc, Ac ac)
{
    int32_t prediction = 0;
    for (const auto& block : blocks) {
        int32_t diff = block[0] - prediction;
        prediction = block[0];
        dc(magnitude_category(diff), diff);
        unsigned run = 0;
        for (unsigned k = 1; k < 64; ++k) {
            int32_t value = block[jpeg_natural_order[k]];
            if (value == 0) {
                ++run;
                continue;
            }
            for (; run > 15; run -= 16)
                ac(0xF0u, 0);
            ac(run << 4 | magnitude_category(value), value);
            run = 0;
        }
        if (run > 0)
            ac(0x00u, 0);
    }
}

/// A value's `size` low bits as T.81 F.1.2.1 appends them: negative values as value - 1.
uint32_t value_bits(int32_t value, unsigned size)
{
    return uint32_t(value < 0 ? value - 1 : value) & ((1u << size) - 1);
}

} // namespace

Result<std::vector<uint8_t>> encode_dct_jpeg(const DctEncodeSource& source)
{
    if (source.precision != 8 && source.precision != 12)
        return make_error(Errc::InvalidArgument, "DCT-based JPEG precision is 8 or 12 bits");
    if (source.bytes_per_sample != 1 && source.bytes_per_sample != 2)
        return make_error(Errc::InvalidArgument, "samples of 1 or 2 bytes");
    if (source.width == 0 || source.height == 0 || source.width > 65535 || source.height > 65535)
        return make_error(Errc::Unsupported, "JPEG frames are 1..65535 pixels wide and high");
    if (source.quality < 1 || source.quality > 100)
        return make_error(Errc::InvalidArgument, "JPEG quality " + std::to_string(source.quality) + " is not 1..100");
    if (source.samples.size() != size_t(source.width) * source.height * source.bytes_per_sample)
        return make_error(Errc::InvalidArgument, "frame has the wrong size");

    const QuantTable quant = scaled_table(source.quality, source.precision);
    ROENTGEN_TRY(auto blocks, transform(source, quant));

    std::array<uint64_t, 256> dc_frequencies{}, ac_frequencies{};
    for_each_symbol(
        blocks, [&](unsigned category, int32_t) { ++dc_frequencies[category]; },
        [&](unsigned symbol, int32_t) { ++ac_frequencies[symbol]; });
    HuffmanSpec dc_spec = optimal_huffman_spec(dc_frequencies);
    HuffmanSpec ac_spec = optimal_huffman_spec(ac_frequencies);
    ROENTGEN_TRY(auto dc_table, huffman_encode_table(dc_spec));
    ROENTGEN_TRY(auto ac_table, huffman_encode_table(ac_spec));

    std::vector<uint8_t> out;
    out.reserve(size_t(source.width) * source.height / 4 + 1024);
    put_headers(out, source, quant);
    put_huffman_table(out, 0, dc_spec);
    put_huffman_table(out, 1, ac_spec);
    // SOS (T.81 B.2.3): one component, tables 0/0, Ss 0, Se 63, Ah/Al 0.
    out.insert(out.end(), {0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0});
    JpegBitWriter writer(out);
    for_each_symbol(
        blocks,
        [&](unsigned category, int32_t diff) {
            writer.put(dc_table.code[category], dc_table.size[category]);
            if (category != 0)
                writer.put(value_bits(diff, category), category);
        },
        [&](unsigned symbol, int32_t value) {
            writer.put(ac_table.code[symbol], ac_table.size[symbol]);
            unsigned size = symbol & 15;
            if (size != 0)
                writer.put(value_bits(value, size), size);
        });
    writer.flush();
    out.insert(out.end(), {0xFF, 0xD9}); // EOI
    return out;
}

} // namespace roentgen::internal
