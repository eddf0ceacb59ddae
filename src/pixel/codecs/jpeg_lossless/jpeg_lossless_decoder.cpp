// pixel/codecs/jpeg_lossless/jpeg_lossless_decoder.cpp — marker parsing (T.81 Annex B) and row-by-row lossless
// reconstruction (Annex H).
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_decoder.h"

#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/endian.h"

namespace roentgen::internal {

namespace {

/// Zero bits a scan may consume past its data before it counts as truncated: some encoders do
/// not flush the last bits of their bit buffer, which libjpeg pads with zeros and accepts.
constexpr int64_t tolerated_overrun_bits = 32;

std::string marker_name(unsigned code)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("FF") + digits[(code >> 4) & 15] + digits[code & 15];
}

uint16_t be16(const uint8_t* p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

/// T.81 Table H.1. Ra, Rb and Rc are reconstructed samples; arithmetic is on int as in libjpeg,
/// the result taken modulo 2^16 by the caller.
template <int Predictor> inline int predict(int ra, int rb, int rc)
{
    if constexpr (Predictor == 1)
        return ra;
    else if constexpr (Predictor == 2)
        return rb;
    else if constexpr (Predictor == 3)
        return rc;
    else if constexpr (Predictor == 4)
        return ra + rb - rc;
    else if constexpr (Predictor == 5)
        return ra + ((rb - rc) >> 1);
    else if constexpr (Predictor == 6)
        return rb + ((ra - rc) >> 1);
    else
        return (ra + rb) >> 1;
}

using Tables = const LjpegHuffmanDecoder* const*;

/// The first row of a scan or restart interval (T.81 H.1.2.1): the first sample of each
/// component is predicted by 2^(P-Pt-1), the others by Ra. The reader is copied into a local so
/// that its state can live in registers.
template <bool Single>
bool decode_first_row(JpegBitReader& reader, Tables tables, unsigned scan_components, uint32_t width, uint32_t initial,
                      const uint16_t*, uint16_t* cur)
{
    const unsigned ns = Single ? 1 : scan_components;
    JpegBitReader r = reader;
    for (unsigned c = 0; c < ns; ++c) {
        int32_t diff = tables[c]->decode(r);
        if (diff < 0)
            return false;
        cur[c] = uint16_t(initial + uint32_t(diff));
    }
    size_t count = size_t(width) * ns;
    if constexpr (Single) {
        const LjpegHuffmanDecoder& table = *tables[0];
        for (size_t i = 1; i < count; ++i) {
            int32_t diff = table.decode(r);
            if (diff < 0)
                return false;
            cur[i] = uint16_t(cur[i - 1] + diff);
        }
    } else {
        for (size_t i = ns; i < count; i += ns)
            for (unsigned c = 0; c < ns; ++c) {
                int32_t diff = tables[c]->decode(r);
                if (diff < 0)
                    return false;
                cur[i + c] = uint16_t(cur[i + c - ns] + diff);
            }
    }
    reader = r;
    return true;
}

/// Any later row: the first sample of each component predicted by Rb, the others by the scan's
/// predictor (T.81 H.1.2.1).
template <int Predictor, bool Single>
bool decode_row(JpegBitReader& reader, Tables tables, unsigned scan_components, uint32_t width, uint32_t,
                const uint16_t* prev, uint16_t* cur)
{
    const unsigned ns = Single ? 1 : scan_components;
    JpegBitReader r = reader;
    for (unsigned c = 0; c < ns; ++c) {
        int32_t diff = tables[c]->decode(r);
        if (diff < 0)
            return false;
        cur[c] = uint16_t(prev[c] + diff);
    }
    size_t count = size_t(width) * ns;
    if constexpr (Single) {
        const LjpegHuffmanDecoder& table = *tables[0];
        for (size_t i = 1; i < count; ++i) {
            int32_t diff = table.decode(r);
            if (diff < 0)
                return false;
            cur[i] = uint16_t(predict<Predictor>(cur[i - 1], prev[i], prev[i - 1]) + diff);
        }
    } else {
        for (size_t i = ns; i < count; i += ns)
            for (unsigned c = 0; c < ns; ++c) {
                int32_t diff = tables[c]->decode(r);
                if (diff < 0)
                    return false;
                size_t k = i + c;
                cur[k] = uint16_t(predict<Predictor>(cur[k - ns], prev[k], prev[k - ns]) + diff);
            }
    }
    reader = r;
    return true;
}

using RowDecoder = bool (*)(JpegBitReader&, Tables, unsigned, uint32_t, uint32_t, const uint16_t*, uint16_t*);

template <bool Single> RowDecoder row_decoder(unsigned predictor)
{
    switch (predictor) {
    case 1:
        return decode_row<1, Single>;
    case 2:
        return decode_row<2, Single>;
    case 3:
        return decode_row<3, Single>;
    case 4:
        return decode_row<4, Single>;
    case 5:
        return decode_row<5, Single>;
    case 6:
        return decode_row<6, Single>;
    default:
        return decode_row<7, Single>;
    }
}

struct FrameComponent {
    uint8_t id = 0;
    bool decoded = false;
};

struct ScanHeader {
    unsigned components = 0;
    std::array<unsigned, 4> frame_index{}; ///< Position of each scan component in the frame.
    std::array<const LjpegHuffmanSpec*, 4> specs{};
    unsigned predictor = 1;
    unsigned point_transform = 0;
};

class Decoder {
public:
    Decoder(std::span<const uint8_t> data, const LjpegDecodeTarget& target, LjpegMode mode)
        : m_data(data), m_target(target), m_mode(mode)
    {
    }

    Result<LjpegDecodeReport> run();

private:
    unsigned next_marker();
    Result<std::span<const uint8_t>> segment(unsigned marker);
    Result<void> read_frame(std::span<const uint8_t> p);
    Result<void> read_huffman_tables(std::span<const uint8_t> p);
    Result<ScanHeader> read_scan_header(std::span<const uint8_t> p) const;
    Result<void> decode_scan(std::span<const uint8_t> p);
    Result<void> decode_rows(const ScanHeader& scan, Tables tables, uint32_t rows_per_interval);
    Result<void> restart(JpegBitReader& reader) const;
    uint64_t bytes_before_marker(size_t pos) const;
    Result<void> check_overrun(const JpegBitReader& reader, uint32_t row) const;
    void store_row(const uint16_t* row, uint32_t y, unsigned ns, const std::array<unsigned, 4>& frame_index,
                   unsigned pt) const;

    std::span<const uint8_t> m_data;
    size_t m_pos = 0;
    const LjpegDecodeTarget& m_target;
    LjpegMode m_mode;
    LjpegDecodeReport m_report;
    bool m_have_frame = false;
    std::vector<FrameComponent> m_components;
    std::array<std::optional<LjpegHuffmanSpec>, 4> m_tables;
    uint32_t m_restart_interval = 0;
};

Result<LjpegDecodeReport> Decoder::run()
{
    if (m_data.size() < 2 || m_data[0] != 0xFF || m_data[1] != 0xD8)
        return make_error(Errc::Malformed, "not a JPEG codestream (no SOI marker at its start)");
    m_pos = 2;
    for (bool done = false; !done;) {
        unsigned marker = next_marker();
        switch (marker) {
        case 0:    // end of data without EOI: tolerated when every component was decoded
        case 0xD9: // EOI
            done = true;
            break;
        case 0xC3: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(read_frame(payload));
            break;
        }
        case 0xC0:
        case 0xC1:
        case 0xC2:
            return make_error(Errc::Unsupported, "frame header " + marker_name(marker) +
                                                     " is lossy DCT-based JPEG, not lossless process 14 (SOF3)");
        case 0xC5:
        case 0xC6:
        case 0xC7:
        case 0xC9:
        case 0xCA:
        case 0xCB:
        case 0xCD:
        case 0xCE:
        case 0xCF:
            return make_error(Errc::Unsupported, "frame header " + marker_name(marker) +
                                                     " (hierarchical or arithmetic-coded JPEG) is not supported");
        case 0xCC:
            return make_error(Errc::Unsupported, "arithmetic coding conditioning (DAC) is not supported");
        case 0xC4: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(read_huffman_tables(payload));
            break;
        }
        case 0xDD: {
            ROENTGEN_TRY(auto payload, segment(marker));
            if (payload.size() < 2)
                return make_error(Errc::Malformed, "DRI segment too short");
            m_restart_interval = be16(payload.data()); // T.81 B.2.4.4
            break;
        }
        case 0xDA: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(decode_scan(payload));
            break;
        }
        case 0x01:
        case 0xD0:
        case 0xD1:
        case 0xD2:
        case 0xD3:
        case 0xD4:
        case 0xD5:
        case 0xD6:
        case 0xD7:
        case 0xD8:
            break; // markers without a segment; a stray RSTn or SOI is ignored as libjpeg does
        default: { // APPn, COM, DQT, DNL, JPGn …: skipped
            ROENTGEN_TRY(auto payload, segment(marker));
            (void)payload;
            break;
        }
        }
    }
    if (!m_have_frame)
        return make_error(Errc::Malformed, "no SOF3 frame header before the end of the codestream");
    for (const auto& component : m_components)
        if (!component.decoded)
            return make_error(Errc::Truncated, "component " + std::to_string(component.id) + " is in no scan");
    return m_report;
}

unsigned Decoder::next_marker()
{
    // libjpeg skips bytes that are not a marker between segments (with a warning); so do we.
    const size_t size = m_data.size();
    while (m_pos < size) {
        if (m_data[m_pos] != 0xFF) {
            ++m_pos;
            continue;
        }
        size_t q = m_pos + 1;
        while (q < size && m_data[q] == 0xFF)
            ++q; // fill bytes (T.81 B.1.1.2)
        if (q >= size)
            break;
        m_pos = q + 1;
        if (m_data[q] != 0x00)
            return m_data[q];
    }
    m_pos = size;
    return 0;
}

Result<std::span<const uint8_t>> Decoder::segment(unsigned marker)
{
    if (m_pos + 2 > m_data.size())
        return make_error(Errc::Truncated, "marker " + marker_name(marker) + " has no segment length");
    size_t length = be16(m_data.data() + m_pos);
    if (length < 2)
        return make_error(Errc::Malformed,
                          "marker " + marker_name(marker) + " has segment length " + std::to_string(length));
    if (m_pos + length > m_data.size())
        return make_error(Errc::Truncated, "marker segment " + marker_name(marker) + " of " + std::to_string(length) +
                                               " bytes runs past the end of the data");
    auto payload = m_data.subspan(m_pos + 2, length - 2);
    m_pos += length;
    return payload;
}

Result<void> Decoder::read_frame(std::span<const uint8_t> p)
{
    // T.81 B.2.2: P, Y, X, Nf, then Ci, Hi/Vi, Tqi per component.
    if (m_have_frame)
        return make_error(Errc::Malformed, "a second frame header (SOF3)");
    if (p.size() < 6)
        return make_error(Errc::Malformed, "SOF3 segment too short");
    unsigned precision = p[0];
    uint32_t height = be16(p.data() + 1);
    uint32_t width = be16(p.data() + 3);
    unsigned count = p[5];
    if (p.size() < 6 + 3 * size_t(count))
        return make_error(Errc::Malformed, "SOF3 segment too short for " + std::to_string(count) + " components");
    if (precision < 2 || precision > 16)
        return make_error(Errc::Malformed, "sample precision " + std::to_string(precision) + " is not 2..16");
    if (height == 0)
        return make_error(Errc::Unsupported, "frame height 0 (lines defined by a DNL marker) is not supported");
    if (width == 0 || count == 0)
        return make_error(Errc::Malformed, "frame header with no columns or no components");
    if (count != m_target.components)
        return make_error(Errc::Malformed, "the JPEG frame has " + std::to_string(count) +
                                               " components; the data set says " + std::to_string(m_target.components) +
                                               " samples per pixel");
    if (width != m_target.width || height != m_target.height)
        return make_error(Errc::Malformed, "the JPEG frame is " + std::to_string(width) + "x" + std::to_string(height) +
                                               "; the data set says " + std::to_string(m_target.width) + "x" +
                                               std::to_string(m_target.height));
    if (precision > 8 * m_target.bytes_per_sample)
        return make_error(Errc::Malformed, std::to_string(precision) + "-bit JPEG samples do not fit Bits Allocated " +
                                               std::to_string(8 * m_target.bytes_per_sample));
    for (unsigned i = 0; i < count; ++i) {
        const uint8_t* c = p.data() + 6 + 3 * i;
        if (c[1] != 0x11)
            return make_error(Errc::Unsupported, "component " + std::to_string(c[0]) + " has sampling factors " +
                                                     std::to_string(c[1] >> 4) + "x" + std::to_string(c[1] & 15) +
                                                     "; only 1x1 is supported");
        for (const auto& other : m_components)
            if (other.id == c[0])
                return make_error(Errc::Malformed, "component identifier " + std::to_string(c[0]) + " appears twice");
        m_components.push_back({c[0], false});
    }
    m_have_frame = true;
    m_report.precision = precision;
    return {};
}

Result<void> Decoder::read_huffman_tables(std::span<const uint8_t> p)
{
    // T.81 B.2.4.2: any number of tables, each Tc/Th, 16 counts, then the values.
    size_t pos = 0;
    while (pos < p.size()) {
        if (pos + 17 > p.size())
            return make_error(Errc::Malformed, "DHT segment too short");
        unsigned tc = p[pos] >> 4;
        unsigned th = p[pos] & 15;
        if (tc > 1 || th > 3)
            return make_error(Errc::Malformed,
                              "DHT table class " + std::to_string(tc) + " destination " + std::to_string(th));
        LjpegHuffmanSpec spec;
        size_t total = 0;
        for (unsigned i = 0; i < 16; ++i) {
            spec.counts[i] = p[pos + 1 + i];
            total += spec.counts[i];
        }
        pos += 17;
        if (total > 256 || pos + total > p.size())
            return make_error(Errc::Malformed, "DHT table lists " + std::to_string(total) + " codes");
        spec.values.assign(p.begin() + pos, p.begin() + pos + total);
        pos += total;
        if (tc == 0) // lossless scans use the DC class; AC tables are ignored
            m_tables[th] = std::move(spec);
    }
    return {};
}

uint64_t Decoder::bytes_before_marker(size_t pos) const
{
    uint64_t count = 0;
    for (size_t i = pos; i < m_data.size(); ++i, ++count)
        if (m_data[i] == 0xFF && i + 1 < m_data.size() && m_data[i + 1] != 0x00)
            break;
    return count;
}

Result<void> Decoder::check_overrun(const JpegBitReader& reader, uint32_t row) const
{
    if (reader.overrun_bits() > tolerated_overrun_bits)
        return make_error(Errc::Truncated, "entropy-coded data ends before row " + std::to_string(row));
    return {};
}

Result<void> Decoder::restart(JpegBitReader& reader) const
{
    // The interval ends byte-aligned (padding 1-bits are dropped) and is followed by RSTn (T.81
    // B.2.1, B.1.1.5). A wrong n is accepted, as the data is what matters.
    const uint8_t* p = reader.position();
    const uint8_t* end = m_data.data() + m_data.size();
    while (p < end) {
        if (*p != 0xFF) {
            ++p;
            continue;
        }
        const uint8_t* q = p + 1;
        while (q < end && *q == 0xFF)
            ++q;
        if (q >= end)
            break;
        if (*q == 0x00) {
            p = q + 1;
            continue;
        }
        if (*q < 0xD0 || *q > 0xD7)
            return make_error(Errc::Malformed, "expected a restart marker, found " + marker_name(*q));
        reader.reset(q + 1);
        return {};
    }
    return make_error(Errc::Truncated, "entropy-coded data ends where a restart marker was expected");
}

void Decoder::store_row(const uint16_t* row, uint32_t y, unsigned ns, const std::array<unsigned, 4>& frame_index,
                        unsigned pt) const
{
    const unsigned nf = m_target.components;
    const unsigned bps = m_target.bytes_per_sample;
    const uint32_t width = m_target.width;
    uint8_t* out = m_target.out.data() + size_t(y) * width * nf * bps;
    bool identity = ns == nf;
    for (unsigned c = 0; c < ns; ++c)
        identity = identity && frame_index[c] == c;
    if (identity && pt == 0 && bps == 2 && std::endian::native == std::endian::little) {
        std::memcpy(out, row, size_t(width) * nf * 2);
        return;
    }
    for (uint32_t x = 0; x < width; ++x)
        for (unsigned c = 0; c < ns; ++c) {
            uint16_t value = uint16_t(row[size_t(x) * ns + c] << pt);
            size_t at = (size_t(x) * nf + frame_index[c]) * bps;
            if (bps == 2)
                store_le<uint16_t>(out + at, value);
            else
                out[at] = uint8_t(value);
        }
}

Result<ScanHeader> Decoder::read_scan_header(std::span<const uint8_t> p) const
{
    // T.81 B.2.3: Ns, (Cs, Td/Ta) per component, Ss (the predictor), Se, Ah/Al (Al = Pt).
    if (!m_have_frame)
        return make_error(Errc::Malformed, "scan header (SOS) before the frame header");
    if (p.empty())
        return make_error(Errc::Malformed, "SOS segment too short");
    ScanHeader scan;
    scan.components = p[0];
    const unsigned ns = scan.components;
    if (ns < 1 || ns > 4 || ns > m_components.size())
        return make_error(Errc::Malformed, "scan of " + std::to_string(ns) + " components");
    if (p.size() < 1 + 2 * size_t(ns) + 3)
        return make_error(Errc::Malformed, "SOS segment too short");
    for (unsigned i = 0; i < ns; ++i) {
        unsigned id = p[1 + 2 * i];
        unsigned td = p[2 + 2 * i] >> 4;
        size_t index = 0;
        while (index < m_components.size() && m_components[index].id != id)
            ++index;
        if (index == m_components.size())
            return make_error(Errc::Malformed, "scan names component " + std::to_string(id) + ", not in the frame");
        for (unsigned j = 0; j < i; ++j)
            if (scan.frame_index[j] == index)
                return make_error(Errc::Malformed, "scan names component " + std::to_string(id) + " twice");
        if (td > 3 || !m_tables[td])
            return make_error(Errc::Malformed,
                              "scan uses Huffman table " + std::to_string(td) + ", which is not defined");
        scan.frame_index[i] = unsigned(index);
        scan.specs[i] = &*m_tables[td];
    }
    scan.predictor = p[1 + 2 * ns];
    scan.point_transform = p[3 + 2 * ns] & 15;
    if (scan.predictor < 1 || scan.predictor > 7)
        return make_error(Errc::Malformed, "predictor (Ss) " + std::to_string(scan.predictor) + " is not 1..7");
    if (scan.point_transform >= m_report.precision)
        return make_error(Errc::Malformed, "point transform " + std::to_string(scan.point_transform) +
                                               " for precision " + std::to_string(m_report.precision));
    return scan;
}

Result<void> Decoder::decode_scan(std::span<const uint8_t> p)
{
    ROENTGEN_TRY(auto scan, read_scan_header(p));
    const unsigned ns = scan.components;
    m_report.predictor = scan.predictor;
    m_report.point_transform = scan.point_transform;

    // Build each table the scan uses once (a table may have been redefined since the last scan).
    std::vector<std::unique_ptr<LjpegHuffmanDecoder>> built;
    std::array<const LjpegHuffmanDecoder*, 4> tables{};
    for (unsigned i = 0; i < ns; ++i) {
        unsigned j = 0;
        while (j < i && scan.specs[j] != scan.specs[i])
            ++j;
        if (j < i) {
            tables[i] = tables[j];
            continue;
        }
        built.push_back(std::make_unique<LjpegHuffmanDecoder>());
        ROENTGEN_TRY(built.back()->build(*scan.specs[i], m_mode));
        tables[i] = built.back().get();
    }

    const uint32_t width = m_target.width;
    uint32_t rows_per_interval = UINT32_MAX;
    if (m_restart_interval != 0) {
        // libjpeg's lossless decoder, like T.81's restart semantics for prediction (H.1.2.1),
        // expects intervals of whole rows.
        if (m_restart_interval % width != 0)
            return make_error(Errc::Unsupported, "restart interval of " + std::to_string(m_restart_interval) +
                                                     " samples is not a whole number of " + std::to_string(width) +
                                                     "-sample rows");
        rows_per_interval = m_restart_interval / width;
    }
    ROENTGEN_TRY(decode_rows(scan, tables.data(), rows_per_interval));
    for (const auto& table : built)
        m_report.cornell_uses += table->cornell_uses();
    for (unsigned i = 0; i < ns; ++i)
        m_components[scan.frame_index[i]].decoded = true;
    return {};
}

Result<void> Decoder::decode_rows(const ScanHeader& scan, Tables tables, uint32_t rows_per_interval)
{
    const unsigned ns = scan.components;
    const unsigned pt = scan.point_transform;
    const uint32_t width = m_target.width;
    const uint32_t height = m_target.height;
    std::vector<uint16_t> rows(2 * size_t(width) * ns);
    uint16_t* prev = rows.data();
    uint16_t* cur = rows.data() + size_t(width) * ns;
    const uint32_t initial = 1u << (m_report.precision - pt - 1);
    RowDecoder first_row = ns == 1 ? decode_first_row<true> : decode_first_row<false>;
    RowDecoder next_row = ns == 1 ? row_decoder<true>(scan.predictor) : row_decoder<false>(scan.predictor);

    const uint8_t* begin = m_data.data() + m_pos;
    JpegBitReader reader(begin, m_data.data() + m_data.size());
    uint32_t rows_left = rows_per_interval;
    bool first = true;
    for (uint32_t y = 0; y < height; ++y) {
        if (rows_left == 0) {
            ROENTGEN_TRY(check_overrun(reader, y));
            ROENTGEN_TRY(restart(reader));
            rows_left = rows_per_interval;
            first = true;
        }
        RowDecoder decode = first ? first_row : next_row;
        if (!decode(reader, tables, ns, width, initial, prev, cur))
            return make_error(Errc::Malformed, "invalid Huffman code in row " + std::to_string(y));
        ROENTGEN_TRY(check_overrun(reader, y + 1 < height ? y + 1 : y));
        store_row(cur, y, ns, scan.frame_index, pt);
        std::swap(prev, cur);
        first = false;
        --rows_left;
    }
    m_pos = size_t(reader.position() - m_data.data());
    m_report.unused_bytes += uint64_t(reader.unread_bits() / 8) + bytes_before_marker(m_pos);
    return {};
}

} // namespace

Result<LjpegDecodeReport> decode_ljpeg(std::span<const uint8_t> stream, const LjpegDecodeTarget& target, LjpegMode mode)
{
    if (target.bytes_per_sample != 1 && target.bytes_per_sample != 2)
        return make_error(Errc::InvalidArgument, "lossless JPEG decodes to 8- or 16-bit samples only");
    if (target.out.size() != size_t(target.width) * target.height * target.components * target.bytes_per_sample)
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    Decoder decoder(stream, target, mode);
    return decoder.run();
}

} // namespace roentgen::internal
