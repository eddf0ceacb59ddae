// pixel/codecs/jpeg/dct_decoder.cpp — marker parsing (T.81 Annex B), Huffman block decoding (F.2.2), islow IDCT and
// libjpeg-style upsampling for sequential DCT-based JPEG of 8 or 12 bits.
#include "pixel/codecs/jpeg/dct_decoder.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pixel/codecs/jpeg/dct.h"
#include "pixel/codecs/jpeg/dct_huffman.h"
#include "pixel/codecs/jpeg/dct_progressive.h"

namespace roentgen::internal {

namespace {

/// Zero bits a scan may consume past its data before it counts as truncated: some encoders do
/// not flush their last bits, which libjpeg pads with zeros.
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

uint32_t ceil_div(uint32_t a, uint32_t b)
{
    return uint32_t((uint64_t(a) + b - 1) / b);
}

struct Component {
    uint8_t id = 0;
    unsigned h = 1, v = 1, tq = 0;
    uint32_t width_in_blocks = 0; ///< Blocks of a non-interleaved scan (T.81 A.2.2).
    uint32_t height_in_blocks = 0;
    uint32_t downsampled_width = 0; ///< ceil(X * h / Hmax) (T.81 A.1.1).
    uint32_t downsampled_height = 0;
    size_t stride = 0; ///< Samples per plane row: whole MCUs of the interleaved layout.
    std::vector<uint16_t> plane;
    std::vector<DctBlock> coefficients; ///< Progressive frames: every block, until the last scan.
    size_t block_stride = 0;            ///< Blocks per row of `coefficients`.
    QuantTable quant{};
    bool quant_latched = false;
    bool decoded = false;
};

struct ScanComponent {
    Component* component = nullptr;
    const DctHuffmanDecoder* dc = nullptr;
    const DctHuffmanDecoder* ac = nullptr;
    int32_t prediction = 0;
};

/// RECEIVE and EXTEND of T.81 F.2.2.1 (Figures F.12, F.17) for 1 <= s <= 15.
inline int32_t receive_extend(JpegBitReader& reader, unsigned s)
{
    auto value = int32_t(reader.peek(s));
    reader.skip(s);
    return value < (1 << (s - 1)) ? value + 1 - (1 << s) : value;
}

/// One block's coefficients (T.81 F.2.2.1, F.2.2.2); false on an invalid code. A run past
/// coefficient 63 lands on 63, as with libjpeg's padded natural-order table.
bool decode_block(JpegBitReader& reader, ScanComponent& sc, DctBlock& block)
{
    block.fill(0);
    reader.fill();
    int s = sc.dc->decode(reader);
    if (s < 0 || s > 15)
        return false;
    if (s != 0)
        sc.prediction = int32_t(uint32_t(sc.prediction) + uint32_t(receive_extend(reader, unsigned(s))));
    block[0] = int16_t(sc.prediction);
    for (unsigned k = 1; k < 64;) {
        reader.fill();
        const auto& shortcut = sc.ac->ac_shortcut(reader.peek(DctHuffmanDecoder::lookahead_bits));
        if (shortcut.length != 0) {
            reader.skip(shortcut.length);
            k += shortcut.run;
            block[jpeg_natural_order[k]] = shortcut.value;
            ++k;
            continue;
        }
        int rs = sc.ac->decode(reader);
        if (rs < 0)
            return false;
        unsigned run = unsigned(rs) >> 4, size = unsigned(rs) & 15;
        if (size != 0) {
            k += run;
            block[jpeg_natural_order[k]] = int16_t(receive_extend(reader, size));
            ++k;
        } else if (run == 15) {
            k += 16;
        } else {
            break; // EOB
        }
    }
    return true;
}

class Decoder {
public:
    Decoder(std::span<const uint8_t> data, const DctDecodeTarget& target) : m_data(data), m_target(target) {}

    Result<void> run();

private:
    unsigned next_marker();
    Result<std::span<const uint8_t>> segment(unsigned marker);
    Result<void> read_frame(std::span<const uint8_t> p, bool progressive);
    Result<void> read_quant_tables(std::span<const uint8_t> p);
    Result<void> read_huffman_tables(std::span<const uint8_t> p);
    Result<void> decode_scan(std::span<const uint8_t> p);
    template <typename OnBlock> Result<void> walk_scan(std::span<ScanComponent> scan, OnBlock&& on_block);
    template <unsigned Precision> Result<void> decode_sequential(std::span<ScanComponent> scan);
    Result<void> decode_progressive(std::span<ScanComponent> scan);
    template <unsigned Precision> void transform_coefficients(Component& c) const;
    Result<void> restart(JpegBitReader& reader) const;
    void store_component(const Component& c, unsigned index) const;

    std::span<const uint8_t> m_data;
    size_t m_pos = 0;
    const DctDecodeTarget& m_target;
    bool m_have_frame = false;
    bool m_progressive = false;
    bool m_saw_eoi = false;
    ProgressiveScan m_scan; ///< The current scan's parameters (progressive frames).
    unsigned m_precision = 0;
    unsigned m_hmax = 1, m_vmax = 1;
    uint32_t m_mcus_x = 0, m_mcus_y = 0;
    std::vector<Component> m_components;
    std::array<std::optional<QuantTable>, 4> m_quant;
    std::array<std::optional<HuffmanSpec>, 4> m_dc_specs;
    std::array<std::optional<HuffmanSpec>, 4> m_ac_specs;
    uint32_t m_restart_interval = 0;
};

Result<void> Decoder::run()
{
    if (m_data.size() < 2 || m_data[0] != 0xFF || m_data[1] != 0xD8)
        return make_error(Errc::Malformed, "not a JPEG codestream (no SOI marker at its start)");
    m_pos = 2;
    for (bool done = false; !done;) {
        unsigned marker = next_marker();
        switch (marker) {
        case 0: // end of data without EOI: tolerated when every component was decoded
            done = true;
            break;
        case 0xD9: // EOI
            done = true;
            m_saw_eoi = true;
            break;
        case 0xC0:
        case 0xC1:
        case 0xC2: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(read_frame(payload, marker == 0xC2));
            break;
        }
        case 0xC3:
            return make_error(Errc::Unsupported, "frame header FFC3 is lossless JPEG, not DCT-based");
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
        case 0xC4: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(read_huffman_tables(payload));
            break;
        }
        case 0xDB: {
            ROENTGEN_TRY(auto payload, segment(marker));
            ROENTGEN_TRY(read_quant_tables(payload));
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
        case 0xDC:
            return make_error(Errc::Unsupported, "a DNL marker (number of lines after the scan) is not supported");
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
        default: { // APPn, COM, JPGn …: skipped
            ROENTGEN_TRY(auto payload, segment(marker));
            (void)payload;
            break;
        }
        }
    }
    if (!m_have_frame)
        return make_error(Errc::Malformed, "no frame header (SOF0, SOF1, SOF2) before the end of the codestream");
    // Scans of a progressive frame may be missing after any of them; libjpeg warns, we refuse.
    if (m_progressive && !m_saw_eoi)
        return make_error(Errc::Truncated, "progressive JPEG ends before EOI: later scans may be missing");
    for (unsigned i = 0; i < m_components.size(); ++i) {
        Component& c = m_components[i];
        if (!c.decoded)
            return make_error(Errc::Truncated, "component " + std::to_string(c.id) + " is in no scan");
        if (m_progressive)
            m_precision == 8 ? transform_coefficients<8>(c) : transform_coefficients<12>(c);
        store_component(c, i);
    }
    return {};
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

Result<void> Decoder::read_frame(std::span<const uint8_t> p, bool progressive)
{
    // T.81 B.2.2: P, Y, X, Nf, then Ci, Hi/Vi, Tqi per component.
    if (m_have_frame)
        return make_error(Errc::Malformed, "a second frame header");
    if (p.size() < 6)
        return make_error(Errc::Malformed, "frame header segment too short");
    m_precision = p[0];
    uint32_t height = be16(p.data() + 1);
    uint32_t width = be16(p.data() + 3);
    unsigned count = p[5];
    if (p.size() < 6 + 3 * size_t(count))
        return make_error(Errc::Malformed, "frame header too short for " + std::to_string(count) + " components");
    if (m_precision != 8 && m_precision != 12)
        return make_error(Errc::Malformed, "DCT sample precision " + std::to_string(m_precision) + " is not 8 or 12");
    if (height == 0)
        return make_error(Errc::Unsupported, "frame height 0 (lines defined by a DNL marker) is not supported");
    if (count != m_target.components)
        return make_error(Errc::Malformed, "the JPEG frame has " + std::to_string(count) +
                                               " components; the data set says " + std::to_string(m_target.components) +
                                               " samples per pixel");
    if (width != m_target.width || height != m_target.height)
        return make_error(Errc::Malformed, "the JPEG frame is " + std::to_string(width) + "x" + std::to_string(height) +
                                               "; the data set says " + std::to_string(m_target.width) + "x" +
                                               std::to_string(m_target.height));
    if (m_precision > 8 * m_target.bytes_per_sample)
        return make_error(Errc::Malformed, std::to_string(m_precision) +
                                               "-bit JPEG samples do not fit Bits Allocated " +
                                               std::to_string(8 * m_target.bytes_per_sample));
    for (unsigned i = 0; i < count; ++i) {
        const uint8_t* c = p.data() + 6 + 3 * i;
        Component component;
        component.id = c[0];
        component.h = c[1] >> 4;
        component.v = c[1] & 15;
        component.tq = c[2];
        if (component.h < 1 || component.h > 4 || component.v < 1 || component.v > 4 || component.tq > 3)
            return make_error(Errc::Malformed, "component " + std::to_string(c[0]) + " has sampling factors " +
                                                   std::to_string(component.h) + "x" + std::to_string(component.v) +
                                                   " or quantization table " + std::to_string(component.tq));
        for (const auto& other : m_components)
            if (other.id == c[0])
                return make_error(Errc::Malformed, "component identifier " + std::to_string(c[0]) + " appears twice");
        m_hmax = std::max(m_hmax, component.h);
        m_vmax = std::max(m_vmax, component.v);
        m_components.push_back(std::move(component));
    }
    // T.81 A.1.1, A.2: component dimensions and the MCU grid.
    m_mcus_x = ceil_div(width, 8 * m_hmax);
    m_mcus_y = ceil_div(height, 8 * m_vmax);
    for (auto& c : m_components) {
        if (m_hmax % c.h != 0 || m_vmax % c.v != 0)
            return make_error(Errc::Unsupported, "sampling factors " + std::to_string(c.h) + "x" + std::to_string(c.v) +
                                                     " are not an integral fraction of " + std::to_string(m_hmax) +
                                                     "x" + std::to_string(m_vmax));
        c.downsampled_width = ceil_div(width * c.h, m_hmax);
        c.downsampled_height = ceil_div(height * c.v, m_vmax);
        c.width_in_blocks = ceil_div(c.downsampled_width, 8);
        c.height_in_blocks = ceil_div(c.downsampled_height, 8);
        c.stride = size_t(m_mcus_x) * c.h * 8;
        c.plane.assign(c.stride * m_mcus_y * c.v * 8, 0);
        if (progressive) {
            c.block_stride = size_t(m_mcus_x) * c.h;
            c.coefficients.assign(c.block_stride * m_mcus_y * c.v, DctBlock{});
        }
    }
    m_progressive = progressive;
    m_have_frame = true;
    return {};
}

Result<void> Decoder::read_quant_tables(std::span<const uint8_t> p)
{
    // T.81 B.2.4.1: Pq/Tq, then 64 values of 8 (Pq 0) or 16 bits (Pq 1) in zig-zag order.
    size_t pos = 0;
    while (pos < p.size()) {
        unsigned pq = p[pos] >> 4;
        unsigned tq = p[pos] & 15;
        size_t bytes = pq == 0 ? 64 : 128;
        if (pq > 1 || tq > 3)
            return make_error(Errc::Malformed, "DQT precision " + std::to_string(pq) + " table " + std::to_string(tq));
        if (pos + 1 + bytes > p.size())
            return make_error(Errc::Malformed, "DQT segment too short");
        QuantTable table;
        for (unsigned k = 0; k < 64; ++k)
            table[jpeg_natural_order[k]] = pq == 0 ? p[pos + 1 + k] : be16(p.data() + pos + 1 + 2 * k);
        m_quant[tq] = table;
        pos += 1 + bytes;
    }
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
        HuffmanSpec spec;
        size_t total = 0;
        for (unsigned i = 0; i < 16; ++i) {
            spec.counts[i] = p[pos + 1 + i];
            total += spec.counts[i];
        }
        pos += 17;
        if (total > 256 || pos + total > p.size())
            return make_error(Errc::Malformed, "DHT table lists " + std::to_string(total) + " codes");
        spec.values.assign(p.begin() + ptrdiff_t(pos), p.begin() + ptrdiff_t(pos + total));
        pos += total;
        (tc == 0 ? m_dc_specs : m_ac_specs)[th] = std::move(spec);
    }
    return {};
}

Result<void> Decoder::decode_scan(std::span<const uint8_t> p)
{
    // T.81 B.2.3: Ns, (Cs, Td/Ta) per component, Ss, Se, Ah/Al. A sequential scan's Ss, Se, Ah
    // and Al are ignored, as libjpeg ignores them (with a warning) when they are not 0, 63, 0, 0.
    if (!m_have_frame)
        return make_error(Errc::Malformed, "scan header (SOS) before the frame header");
    if (p.empty())
        return make_error(Errc::Malformed, "SOS segment too short");
    const unsigned ns = p[0];
    if (ns < 1 || ns > 4 || ns > m_components.size())
        return make_error(Errc::Malformed, "scan of " + std::to_string(ns) + " components");
    if (p.size() < 1 + 2 * size_t(ns) + 3)
        return make_error(Errc::Malformed, "SOS segment too short");
    m_scan = {p[1 + 2 * ns], p[2 + 2 * ns], unsigned(p[3 + 2 * ns] >> 4), unsigned(p[3 + 2 * ns] & 15), 0};
    if (m_progressive) {
        // G.1.1.1.1: a DC scan (Ss 0) codes nothing else; an AC band is in one component only.
        bool dc = m_scan.ss == 0;
        if (m_scan.se > 63 || m_scan.ss > m_scan.se || (dc && m_scan.se != 0) || (!dc && ns != 1) || m_scan.ah > 13 ||
            m_scan.al > 13)
            return make_error(Errc::Malformed, "progressive scan with Ss " + std::to_string(m_scan.ss) + ", Se " +
                                                   std::to_string(m_scan.se) + ", Ah " + std::to_string(m_scan.ah) +
                                                   ", Al " + std::to_string(m_scan.al) + " for " + std::to_string(ns) +
                                                   " components");
    }
    // Which tables the scan reads: DC for sequential and DC first scans, AC for sequential and AC.
    const bool uses_dc = !m_progressive || (m_scan.ss == 0 && m_scan.ah == 0);
    const bool uses_ac = !m_progressive || m_scan.ss != 0;
    std::array<ScanComponent, 4> scan;
    std::vector<std::unique_ptr<DctHuffmanDecoder>> tables;
    auto build = [&](const std::optional<HuffmanSpec>& spec) -> Result<const DctHuffmanDecoder*> {
        tables.push_back(std::make_unique<DctHuffmanDecoder>());
        ROENTGEN_TRY(tables.back()->build(*spec));
        return tables.back().get();
    };
    unsigned blocks_per_mcu = 0;
    for (unsigned i = 0; i < ns; ++i) {
        unsigned id = p[1 + 2 * i];
        unsigned td = p[2 + 2 * i] >> 4;
        unsigned ta = p[2 + 2 * i] & 15;
        auto it = std::find_if(m_components.begin(), m_components.end(), [&](const auto& c) { return c.id == id; });
        if (it == m_components.end())
            return make_error(Errc::Malformed, "scan names component " + std::to_string(id) + ", not in the frame");
        for (unsigned j = 0; j < i; ++j)
            if (scan[j].component == &*it)
                return make_error(Errc::Malformed, "scan names component " + std::to_string(id) + " twice");
        if ((uses_dc && (td > 3 || !m_dc_specs[td])) || (uses_ac && (ta > 3 || !m_ac_specs[ta])))
            return make_error(Errc::Malformed, "scan uses a Huffman table that is not defined");
        if (!it->quant_latched) {
            // libjpeg takes a component's table when its first scan starts (T.81 B.2.4.1).
            if (!m_quant[it->tq])
                return make_error(Errc::Malformed, "quantization table " + std::to_string(it->tq) + " is not defined");
            it->quant = *m_quant[it->tq];
            it->quant_latched = true;
        }
        if (uses_dc) {
            ROENTGEN_TRY(scan[i].dc, build(m_dc_specs[td]));
        }
        if (uses_ac) {
            ROENTGEN_TRY(scan[i].ac, build(m_ac_specs[ta]));
        }
        scan[i].component = &*it;
        blocks_per_mcu += it->h * it->v;
    }
    if (ns > 1 && blocks_per_mcu > 10) // T.81 B.2.3
        return make_error(Errc::Malformed, "an MCU of " + std::to_string(blocks_per_mcu) + " blocks (at most 10)");
    auto components = std::span(scan).first(ns);
    if (m_progressive)
        ROENTGEN_TRY(decode_progressive(components));
    else
        ROENTGEN_TRY(m_precision == 8 ? decode_sequential<8>(components) : decode_sequential<12>(components));
    for (auto& sc : components)
        sc.component->decoded = true;
    return {};
}

/// Calls on_block(reader, scan component, block column, block row) for every block of the scan
/// in coding order (T.81 A.2): MCUs of Hi x Vi blocks per component when interleaved, single
/// blocks over the component's own extent otherwise; restart markers between intervals.
template <typename OnBlock> Result<void> Decoder::walk_scan(std::span<ScanComponent> scan, OnBlock&& on_block)
{
    const bool single = scan.size() == 1;
    const uint32_t mcus_x = single ? scan[0].component->width_in_blocks : m_mcus_x;
    const uint32_t mcus_y = single ? scan[0].component->height_in_blocks : m_mcus_y;
    JpegBitReader reader(m_data.data() + m_pos, m_data.data() + m_data.size());
    uint32_t until_restart = m_restart_interval;
    for (uint32_t my = 0; my < mcus_y; ++my) {
        for (uint32_t mx = 0; mx < mcus_x; ++mx) {
            if (m_restart_interval != 0) {
                if (until_restart == 0) {
                    if (reader.overrun_bits() > tolerated_overrun_bits)
                        return make_error(Errc::Truncated, "entropy-coded data ends before a restart marker");
                    ROENTGEN_TRY(restart(reader));
                    for (auto& sc : scan)
                        sc.prediction = 0;
                    m_scan.eob_run = 0;
                    until_restart = m_restart_interval;
                }
                --until_restart;
            }
            for (auto& sc : scan) {
                const unsigned bh = single ? 1 : sc.component->h, bv = single ? 1 : sc.component->v;
                for (unsigned v = 0; v < bv; ++v)
                    for (unsigned h = 0; h < bh; ++h)
                        if (!on_block(reader, sc, mx * bh + h, my * bv + v))
                            return make_error(Errc::Malformed, "invalid Huffman code in MCU row " + std::to_string(my));
            }
        }
        if (reader.overrun_bits() > tolerated_overrun_bits)
            return make_error(Errc::Truncated, "entropy-coded data ends in MCU row " + std::to_string(my));
    }
    m_pos = size_t(reader.position() - m_data.data());
    return {};
}

template <unsigned Precision> Result<void> Decoder::decode_sequential(std::span<ScanComponent> scan)
{
    DctBlock block;
    return walk_scan(scan, [&](JpegBitReader& reader, ScanComponent& sc, uint32_t bx, uint32_t by) {
        if (!decode_block(reader, sc, block))
            return false;
        Component& c = *sc.component;
        inverse_dct_islow<Precision>(block, c.quant, c.plane.data() + size_t(by) * 8 * c.stride + size_t(bx) * 8,
                                     c.stride);
        return true;
    });
}

Result<void> Decoder::decode_progressive(std::span<ScanComponent> scan)
{
    return walk_scan(scan, [&](JpegBitReader& reader, ScanComponent& sc, uint32_t bx, uint32_t by) {
        Component& c = *sc.component;
        DctBlock& block = c.coefficients[size_t(by) * c.block_stride + bx];
        if (m_scan.ss == 0) {
            if (m_scan.ah != 0) {
                decode_dc_refine(reader, block, m_scan);
                return true;
            }
            return decode_dc_first(reader, *sc.dc, sc.prediction, block, m_scan);
        }
        return m_scan.ah == 0 ? decode_ac_first(reader, *sc.ac, block, m_scan)
                              : decode_ac_refine(reader, *sc.ac, block, m_scan);
    });
}

/// The inverse DCT of every block of a progressive frame's component, after its last scan.
template <unsigned Precision> void Decoder::transform_coefficients(Component& c) const
{
    const size_t rows = c.coefficients.size() / c.block_stride;
    for (size_t by = 0; by < rows; ++by)
        for (size_t bx = 0; bx < c.block_stride; ++bx)
            inverse_dct_islow<Precision>(c.coefficients[by * c.block_stride + bx], c.quant,
                                         c.plane.data() + by * 8 * c.stride + bx * 8, c.stride);
}

Result<void> Decoder::restart(JpegBitReader& reader) const
{
    // The interval ends byte-aligned and is followed by RSTn (T.81 B.2.1, B.1.1.5); a wrong n is
    // accepted, as the data is what matters.
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

/// Writes one component at full resolution into the interleaved output. Upsampling follows
/// libjpeg's jdsample.c: the triangle ("fancy") filter for 2:1 horizontal and 2:1 horizontal and
/// vertical factors when the component is more than 2 samples wide, context rows beyond the
/// image being copies of the edge rows; replication otherwise.
void Decoder::store_component(const Component& c, unsigned index) const
{
    const uint32_t width = m_target.width, height = m_target.height;
    const unsigned nf = m_target.components, bps = m_target.bytes_per_sample;
    const unsigned fx = m_hmax / c.h, fy = m_vmax / c.v;
    const bool fancy = c.downsampled_width > 2 && fx == 2 && (fy == 1 || fy == 2);
    if (fx == 1 && fy == 1 && nf == 1 && bps == 2 && std::endian::native == std::endian::little) {
        // The common 12-bit case, one full-resolution component: rows copied as they are.
        for (uint32_t y = 0; y < height; ++y)
            std::memcpy(m_target.out.data() + size_t(y) * width * 2, c.plane.data() + size_t(y) * c.stride,
                        size_t(width) * 2);
        return;
    }
    std::vector<uint16_t> row(width);
    std::vector<int32_t> sums(c.downsampled_width);
    for (uint32_t y = 0; y < height; ++y) {
        const uint16_t* in = c.plane.data() + size_t(y / fy) * c.stride;
        if (fancy && fy == 1) {
            // h2v1_fancy_upsample: 3/4 of the nearer sample, 1/4 of the further one.
            const uint32_t dw = c.downsampled_width;
            for (uint32_t j = 0; j < dw && 2 * j < width; ++j) {
                int32_t here = 3 * in[j];
                int32_t left = in[j == 0 ? 0 : j - 1], right = in[j + 1 < dw ? j + 1 : j];
                row[2 * j] = uint16_t((here + left + 1) >> 2);
                if (2 * j + 1 < width)
                    row[2 * j + 1] = uint16_t((here + right + 2) >> 2);
            }
        } else if (fancy) {
            // h2v2_fancy_upsample: vertical 3:1 with the row above (even output rows) or below
            // (odd ones), then horizontal 3:1 of the column sums.
            const uint32_t dw = c.downsampled_width, iy = y / 2;
            uint32_t other = y % 2 == 0 ? (iy == 0 ? 0 : iy - 1) : std::min(iy + 1, c.downsampled_height - 1);
            const uint16_t* near = in;
            const uint16_t* far = c.plane.data() + size_t(other) * c.stride;
            for (uint32_t j = 0; j < dw; ++j)
                sums[j] = 3 * near[j] + far[j];
            for (uint32_t j = 0; j < dw && 2 * j < width; ++j) {
                int32_t here = 3 * sums[j];
                int32_t left = sums[j == 0 ? 0 : j - 1], right = sums[j + 1 < dw ? j + 1 : j];
                row[2 * j] = uint16_t((here + left + 8) >> 4);
                if (2 * j + 1 < width)
                    row[2 * j + 1] = uint16_t((here + right + 7) >> 4);
            }
        } else {
            for (uint32_t x = 0; x < width; ++x)
                row[x] = in[x / fx];
        }
        uint8_t* out = m_target.out.data() + (size_t(y) * width * nf + index) * bps;
        if (bps == 1) {
            for (uint32_t x = 0; x < width; ++x)
                out[size_t(x) * nf] = uint8_t(row[x]);
        } else {
            for (uint32_t x = 0; x < width; ++x) {
                out[size_t(x) * nf * 2] = uint8_t(row[x]);
                out[size_t(x) * nf * 2 + 1] = uint8_t(row[x] >> 8);
            }
        }
    }
}

} // namespace

Result<void> decode_dct_jpeg(std::span<const uint8_t> stream, const DctDecodeTarget& target)
{
    if (target.bytes_per_sample != 1 && target.bytes_per_sample != 2)
        return make_error(Errc::InvalidArgument, "DCT-based JPEG decodes to 8- or 16-bit samples only");
    if (target.out.size() != size_t(target.width) * target.height * target.components * target.bytes_per_sample)
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    Decoder decoder(stream, target);
    return decoder.run();
}

} // namespace roentgen::internal
