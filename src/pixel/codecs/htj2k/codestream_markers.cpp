// pixel/codecs/htj2k/codestream_markers.cpp — JP2 box search, main header walk, TLM insertion.
#include "pixel/codecs/htj2k/codestream_markers.h"

#include <string>

namespace roentgen::internal {

namespace {

constexpr uint8_t marker_prefix = 0xFF;
constexpr uint8_t soc = 0x4F, sot = 0x90, eoc = 0xD9, cod = 0x52, tlm = 0x55;

uint16_t load16(std::span<const uint8_t> s, size_t at)
{
    return uint16_t(s[at] << 8 | s[at + 1]);
}

uint32_t load32(std::span<const uint8_t> s, size_t at)
{
    return uint32_t(s[at]) << 24 | uint32_t(s[at + 1]) << 16 | uint32_t(s[at + 2]) << 8 | s[at + 3];
}

void put16(std::vector<uint8_t>& out, uint16_t v)
{
    out.push_back(uint8_t(v >> 8));
    out.push_back(uint8_t(v));
}

void put32(std::vector<uint8_t>& out, uint32_t v)
{
    put16(out, uint16_t(v >> 16));
    put16(out, uint16_t(v));
}

/// Calls `visit(marker, offset)` for each main-header marker segment after SOC; returns the
/// offset of the first SOT, or nothing when the header is malformed.
template <typename Visit> std::optional<size_t> walk_main_header(std::span<const uint8_t> s, Visit visit)
{
    if (s.size() < 4 || s[0] != marker_prefix || s[1] != soc)
        return std::nullopt;
    size_t at = 2;
    while (at + 4 <= s.size()) {
        if (s[at] != marker_prefix)
            return std::nullopt;
        uint8_t marker = s[at + 1];
        if (marker == sot)
            return at;
        uint16_t length = load16(s, at + 2);
        if (length < 2 || at + 2 + length > s.size())
            return std::nullopt;
        visit(marker, at);
        at += 2 + length;
    }
    return std::nullopt;
}

} // namespace

std::optional<std::span<const uint8_t>> find_codestream(std::span<const uint8_t> stream)
{
    if (stream.size() >= 2 && stream[0] == marker_prefix && stream[1] == soc)
        return stream;
    // Boxes: 4-byte length (0: to the end; 1: 8-byte length follows), 4-byte type (I.4).
    size_t at = 0;
    while (at + 8 <= stream.size()) {
        uint64_t length = load32(stream, at);
        size_t header = 8;
        if (length == 1) {
            if (at + 16 > stream.size())
                return std::nullopt;
            length = uint64_t(load32(stream, at + 8)) << 32 | load32(stream, at + 12);
            header = 16;
        } else if (length == 0) {
            length = stream.size() - at;
        }
        if (length < header || length > stream.size() - at)
            return std::nullopt;
        if (load32(stream, at + 4) == 0x6A703263) // 'jp2c'
            return stream.subspan(at + header, size_t(length) - header);
        at += size_t(length);
    }
    return std::nullopt;
}

Result<std::vector<uint8_t>> with_tlm_marker(std::span<const uint8_t> s)
{
    auto first_tile_part = walk_main_header(s, [](uint8_t, size_t) {});
    if (!first_tile_part)
        return make_error(Errc::Malformed, "JPEG 2000 main header could not be walked");
    struct TilePart {
        uint16_t tile;
        uint32_t length;
    };
    std::vector<TilePart> parts;
    size_t at = *first_tile_part;
    while (at + 12 <= s.size() && s[at] == marker_prefix && s[at + 1] == sot) {
        uint16_t tile = load16(s, at + 4);
        uint32_t length = load32(s, at + 6);
        if (length == 0) { // the last tile-part runs to EOC (A.4.2)
            if (s.size() < at + 2 || s[s.size() - 2] != marker_prefix || s[s.size() - 1] != eoc)
                return make_error(Errc::Malformed, "JPEG 2000 codestream does not end with EOC");
            length = uint32_t(s.size() - 2 - at);
        }
        if (length < 14 || length > s.size() - at)
            return make_error(Errc::Malformed,
                              "JPEG 2000 tile-part length " + std::to_string(length) + " overruns the codestream");
        parts.push_back({tile, length});
        at += length;
    }
    if (parts.empty() || at + 2 != s.size() || s[at] != marker_prefix || s[at + 1] != eoc)
        return make_error(Errc::Malformed, "JPEG 2000 tile-parts do not end at EOC");
    // Ltlm counts itself, Ztlm, Stlm and 6 bytes per tile-part; at most 10921 tile-parts fit.
    if (parts.size() > (65535 - 4) / 6)
        return make_error(Errc::Unsupported, "too many tile-parts for one TLM marker segment");
    std::vector<uint8_t> out;
    out.reserve(s.size() + 6 + 6 * parts.size());
    out.insert(out.end(), s.begin(), s.begin() + std::ptrdiff_t(*first_tile_part));
    out.push_back(marker_prefix);
    out.push_back(tlm);
    put16(out, uint16_t(4 + 6 * parts.size()));
    out.push_back(0);    // Ztlm: the first TLM segment
    out.push_back(0x60); // Stlm: ST = 2 (16-bit Ttlm), SP = 1 (32-bit Ptlm)
    for (const auto& part : parts) {
        put16(out, part.tile);
        put32(out, part.length);
    }
    out.insert(out.end(), s.begin() + std::ptrdiff_t(*first_tile_part), s.end());
    return out;
}

bool has_tlm_marker(std::span<const uint8_t> s)
{
    bool found = false;
    walk_main_header(s, [&](uint8_t marker, size_t) { found = found || marker == tlm; });
    return found;
}

std::optional<uint8_t> progression_order(std::span<const uint8_t> s)
{
    std::optional<uint8_t> order;
    // COD: marker, Lcod, Scod, then SGcod whose first byte is the progression order (A.6.1).
    walk_main_header(s, [&](uint8_t marker, size_t at) {
        if (marker == cod && at + 5 < s.size())
            order = s[at + 5];
    });
    return order;
}

} // namespace roentgen::internal
