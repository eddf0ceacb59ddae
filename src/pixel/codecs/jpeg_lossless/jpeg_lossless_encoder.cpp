// pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.cpp — prediction, DIFF categories and Huffman coding of lossless
// JPEG (T.81 Annex H, F.1.2, K.2).
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.h"

#include <array>
#include <bit>
#include <string>

#include "base/endian.h"
#include "pixel/codecs/jpeg_common/bit_writer.h"
#include "pixel/codecs/jpeg_lossless/huffman_table.h"

namespace roentgen::internal {

namespace {

int predict(unsigned predictor, int ra, int rb, int rc)
{
    switch (predictor) { // T.81 Table H.1, as the decoder computes it
    case 1:
        return ra;
    case 2:
        return rb;
    case 3:
        return rc;
    case 4:
        return ra + rb - rc;
    case 5:
        return ra + ((rb - rc) >> 1);
    case 6:
        return rb + ((ra - rc) >> 1);
    default:
        return (ra + rb) >> 1;
    }
}

/// T.81 Table H.2: the category of a DIFF taken modulo 2^16 as a signed 16-bit value; -32768 is
/// category 16.
unsigned category(uint16_t diff)
{
    int value = int16_t(diff);
    return unsigned(std::bit_width(unsigned(value < 0 ? -value : value)));
}

void put16(std::vector<uint8_t>& out, unsigned value)
{
    out.push_back(uint8_t(value >> 8));
    out.push_back(uint8_t(value));
}

/// DIFFs of one component (T.81 H.1.2.1): predictor 1 on the first row of each restart interval,
/// 2^(P-Pt-1) for its first sample, Rb for the first sample of the other rows.
void component_diffs(const std::vector<uint16_t>& values, const LjpegEncodeParams& params, unsigned c,
                     std::vector<uint16_t>& diffs, std::array<uint64_t, 17>& frequencies)
{
    const unsigned nc = params.components;
    const uint32_t width = params.width;
    const int initial = 1 << (params.precision - params.point_transform - 1);
    size_t at = 0;
    for (uint32_t y = 0; y < params.height; ++y) {
        bool first_row = params.restart_interval_rows ? y % params.restart_interval_rows == 0 : y == 0;
        const uint16_t* row = values.data() + size_t(y) * width * nc + c;
        const uint16_t* above = y == 0 ? row : row - size_t(width) * nc;
        for (uint32_t x = 0; x < width; ++x) {
            size_t i = size_t(x) * nc;
            int px;
            if (first_row)
                px = x == 0 ? initial : row[i - nc];
            else if (x == 0)
                px = above[0];
            else
                px = predict(params.predictor, row[i - nc], above[i], above[i - nc]);
            uint16_t diff = uint16_t(row[i] - px);
            diffs[at++] = diff;
            ++frequencies[category(diff)];
        }
    }
}

/// The entropy-coded data of a scan over `scan_components` (indices into `diffs`), with RSTn markers
/// between restart intervals.
void write_scan(std::vector<uint8_t>& out, const LjpegEncodeParams& params,
                const std::vector<std::vector<uint16_t>>& diffs, const std::vector<LjpegHuffmanCode>& codes,
                const std::vector<unsigned>& scan_components)
{
    JpegBitWriter writer(out);
    const uint32_t width = params.width;
    unsigned marker = 0;
    for (uint32_t y = 0; y < params.height; ++y) {
        if (params.restart_interval_rows && y != 0 && y % params.restart_interval_rows == 0) {
            writer.flush();
            out.push_back(0xFF);
            out.push_back(uint8_t(0xD0 + marker));
            marker = (marker + 1) & 7;
        }
        for (uint32_t x = 0; x < width; ++x) {
            size_t i = size_t(y) * width + x;
            for (unsigned c : scan_components) {
                uint16_t diff = diffs[c][i];
                unsigned ssss = category(diff);
                const LjpegHuffmanCode& code = codes[c];
                uint32_t bits = code.code[ssss];
                unsigned count = code.size[ssss];
                // F.1.2.1 / H.1.2.2: SSSS extra bits follow, none for category 16; a negative DIFF
                // is sent as DIFF - 1 in its low SSSS bits.
                if (ssss != 0 && ssss != 16) {
                    int value = int16_t(diff);
                    uint32_t extra = uint32_t(value < 0 ? value - 1 : value) & ((1u << ssss) - 1);
                    bits = (bits << ssss) | extra;
                    count += ssss;
                }
                writer.put(bits, count);
            }
        }
    }
    writer.flush();
}

} // namespace

Result<std::vector<uint8_t>> encode_ljpeg(std::span<const uint8_t> samples, unsigned bytes_per_sample,
                                          const LjpegEncodeParams& params)
{
    const unsigned nc = params.components;
    if (params.width < 1 || params.width > 65535 || params.height < 1 || params.height > 65535)
        return make_error(Errc::InvalidArgument, "lossless JPEG frames are 1..65535 samples wide and high");
    if (nc < 1 || nc > 4)
        return make_error(Errc::InvalidArgument, "lossless JPEG encoding takes 1..4 components");
    if (params.precision < 2 || params.precision > 16 || params.precision > 8 * bytes_per_sample)
        return make_error(Errc::InvalidArgument, "precision " + std::to_string(params.precision) + " for " +
                                                     std::to_string(bytes_per_sample) + "-byte samples");
    if (params.predictor < 1 || params.predictor > 7)
        return make_error(Errc::InvalidArgument, "predictor " + std::to_string(params.predictor) + " is not 1..7");
    if (params.point_transform >= params.precision)
        return make_error(Errc::InvalidArgument, "point transform must be below the precision");
    if (uint64_t(params.restart_interval_rows) * params.width > 65535)
        return make_error(Errc::InvalidArgument, "restart interval exceeds 65535 samples");
    size_t count = size_t(params.width) * params.height * nc;
    if (samples.size() != count * bytes_per_sample)
        return make_error(Errc::InvalidArgument, "frame holds " + std::to_string(samples.size()) + " bytes, " +
                                                     std::to_string(count * bytes_per_sample) + " expected");

    // Samples reduced to P bits and point-transformed (T.81 Annex H: Pt).
    const uint32_t mask = (1u << params.precision) - 1;
    std::vector<uint16_t> values(count);
    for (size_t i = 0; i < count; ++i) {
        uint32_t sample = bytes_per_sample == 2 ? load_le<uint16_t>(samples.data() + 2 * i) : samples[i];
        values[i] = uint16_t((sample & mask) >> params.point_transform);
    }
    // Pass 1: DIFFs and their category counts; then an optimal table per component.
    std::vector<std::vector<uint16_t>> diffs(nc, std::vector<uint16_t>(size_t(params.width) * params.height));
    std::vector<LjpegHuffmanCode> codes;
    for (unsigned c = 0; c < nc; ++c) {
        std::array<uint64_t, 17> frequencies{};
        component_diffs(values, params, c, diffs[c], frequencies);
        codes.push_back(build_ljpeg_huffman_code(frequencies));
    }

    std::vector<uint8_t> out;
    out.reserve(count * bytes_per_sample / 2 + 1024);
    out.insert(out.end(), {0xFF, 0xD8}); // SOI
    // SOF3 (T.81 B.2.2): components 1..Nf, sampling 1x1, no quantisation table.
    out.insert(out.end(), {0xFF, 0xC3});
    put16(out, 8 + 3 * nc);
    out.push_back(uint8_t(params.precision));
    put16(out, params.height);
    put16(out, params.width);
    out.push_back(uint8_t(nc));
    for (unsigned c = 0; c < nc; ++c)
        out.insert(out.end(), {uint8_t(c + 1), 0x11, 0x00});
    // DHT (T.81 B.2.4.2): DC-class table c for component c.
    out.insert(out.end(), {0xFF, 0xC4});
    size_t length = 2;
    for (const auto& code : codes)
        length += 17 + code.spec.values.size();
    put16(out, unsigned(length));
    for (unsigned c = 0; c < nc; ++c) {
        out.push_back(uint8_t(c));
        out.insert(out.end(), codes[c].spec.counts.begin(), codes[c].spec.counts.end());
        out.insert(out.end(), codes[c].spec.values.begin(), codes[c].spec.values.end());
    }
    if (params.restart_interval_rows) { // DRI (T.81 B.2.4.4), in MCUs: one sample per component
        out.insert(out.end(), {0xFF, 0xDD, 0x00, 0x04});
        put16(out, params.restart_interval_rows * params.width);
    }
    std::vector<std::vector<unsigned>> scans;
    if (params.interleaved) {
        scans.emplace_back();
        for (unsigned c = 0; c < nc; ++c)
            scans.back().push_back(c);
    } else {
        for (unsigned c = 0; c < nc; ++c)
            scans.push_back({c});
    }
    for (const auto& scan : scans) {
        // SOS (T.81 B.2.3): Ss = predictor, Se = 0, Ah = 0, Al = Pt.
        out.insert(out.end(), {0xFF, 0xDA});
        put16(out, unsigned(6 + 2 * scan.size()));
        out.push_back(uint8_t(scan.size()));
        for (unsigned c : scan)
            out.insert(out.end(), {uint8_t(c + 1), uint8_t(c << 4)});
        out.insert(out.end(), {uint8_t(params.predictor), 0x00, uint8_t(params.point_transform)});
        write_scan(out, params, diffs, codes, scan);
    }
    out.insert(out.end(), {0xFF, 0xD9}); // EOI
    if (out.size() % 2 != 0)
        out.push_back(0x00);
    return out;
}

} // namespace roentgen::internal
