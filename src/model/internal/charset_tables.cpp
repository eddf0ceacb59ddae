// model/internal/charset_tables.cpp — code tables of the ISO 2022 code elements, built once per process.
#include "model/internal/charset_tables.h"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "model/internal/charset_iconv.h"
#include "model/internal/charset_utf8.h"

namespace roentgen::charset_detail {
namespace {

constexpr std::size_t index_of(CodeElement e)
{
    return static_cast<std::size_t>(e);
}

struct SingleByteTable {
    std::array<char32_t, 128> to_unicode{};                 // bytes 0x80..0xFF
    std::vector<std::pair<char32_t, uint8_t>> from_unicode; // sorted by code point
};

constexpr std::size_t cells = 94 * 94;

struct DoubleByteTable {
    std::array<char32_t, cells> to_unicode{};                // row-major, rows and cells from 0x21
    std::vector<std::pair<char32_t, uint16_t>> from_unicode; // sorted; value is row << 8 | cell
};

// The iconv name whose upper half (or EUC form) holds the element.
const char* iconv_name(CodeElement e)
{
    switch (e) {
    case CodeElement::IsoIr101:
        return "ISO-8859-2";
    case CodeElement::IsoIr109:
        return "ISO-8859-3";
    case CodeElement::IsoIr110:
        return "ISO-8859-4";
    case CodeElement::IsoIr144:
        return "ISO-8859-5";
    case CodeElement::IsoIr127:
        return "ISO-8859-6";
    case CodeElement::IsoIr126:
        return "ISO-8859-7";
    case CodeElement::IsoIr138:
        return "ISO-8859-8";
    case CodeElement::IsoIr148:
        return "ISO-8859-9";
    case CodeElement::IsoIr166:
        return "TIS-620";
    case CodeElement::IsoIr203:
        return "ISO-8859-15";
    case CodeElement::IsoIr87:
        return "EUC-JP";
    case CodeElement::IsoIr159:
        return "EUC-JP"; // JIS X 0212 is EUC-JP code set 3 (SS3 0x8F)
    case CodeElement::IsoIr149:
        return "EUC-KR";
    case CodeElement::IsoIr58:
        return "EUC-CN";
    default:
        return nullptr;
    }
}

std::unique_ptr<SingleByteTable> build_single_byte(CodeElement e)
{
    auto table = std::make_unique<SingleByteTable>();
    for (unsigned b = 0x80; b <= 0xFF; ++b) {
        char32_t cp = replacement_character;
        if (e == CodeElement::IsoIr13) {
            // JIS X 0201 Katakana: 0xA1..0xDF are the half-width forms U+FF61..U+FF9F.
            if (b >= 0xA1 && b <= 0xDF)
                cp = 0xFF61 + (b - 0xA1);
        } else if (b < 0xA0 || e == CodeElement::IsoIr100) {
            cp = b; // C1 controls; all of ISO 8859-1 maps to U+0080..U+00FF
        } else {
            const std::string byte(1, static_cast<char>(b));
            cp = iconv_code_point(iconv_name(e), byte).value_or(replacement_character);
        }
        table->to_unicode[b - 0x80] = cp;
        if (cp != replacement_character)
            table->from_unicode.emplace_back(cp, static_cast<uint8_t>(b));
    }
    std::sort(table->from_unicode.begin(), table->from_unicode.end());
    return table;
}

std::unique_ptr<DoubleByteTable> build_double_byte(CodeElement e)
{
    auto table = std::make_unique<DoubleByteTable>();
    table->from_unicode.reserve(cells);
    auto cell_bytes = [e](unsigned row, unsigned cell) {
        std::string bytes;
        if (e == CodeElement::IsoIr159)
            bytes.push_back('\x8F');
        bytes.push_back(static_cast<char>(row | 0x80));
        bytes.push_back(static_cast<char>(cell | 0x80));
        return bytes;
    };
    for (unsigned row = 0x21; row <= 0x7E; ++row) {
        // A whole row in one iconv call (one call per cell was a third of the corpus's listing
        // time); a row with an unassigned cell, which iconv rejects, is taken cell by cell.
        std::string row_bytes;
        for (unsigned cell = 0x21; cell <= 0x7E; ++cell)
            row_bytes += cell_bytes(row, cell);
        auto whole_row = iconv_code_points(iconv_name(e), row_bytes);
        bool complete = whole_row && whole_row->size() == 94;
        for (unsigned cell = 0x21; cell <= 0x7E; ++cell) {
            const char32_t cp = complete ? (*whole_row)[cell - 0x21]
                                         : iconv_code_point(iconv_name(e), cell_bytes(row, cell)).value_or(replacement_character);
            table->to_unicode[(row - 0x21) * 94 + (cell - 0x21)] = cp;
            if (cp != replacement_character)
                table->from_unicode.emplace_back(cp, static_cast<uint16_t>(row << 8 | cell));
        }
    }
    // A code point reachable from two cells encodes to the first (lowest) one.
    std::stable_sort(table->from_unicode.begin(), table->from_unicode.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return table;
}

template <typename Table, typename Build> const Table& lazily(CodeElement e, Build build)
{
    static std::array<std::once_flag, code_element_count> once;
    static std::array<std::unique_ptr<Table>, code_element_count> tables;
    const std::size_t i = index_of(e);
    std::call_once(once[i], [&] { tables[i] = build(e); });
    return *tables[i];
}

const SingleByteTable& single_byte_table(CodeElement e)
{
    return lazily<SingleByteTable>(e, build_single_byte);
}

const DoubleByteTable& double_byte_table(CodeElement e)
{
    return lazily<DoubleByteTable>(e, build_double_byte);
}

} // namespace

char32_t decode_single_byte(CodeElement element, uint8_t byte)
{
    if (byte < 0x80)
        return replacement_character;
    if (element == CodeElement::IsoIr100)
        return byte; // the hot case needs no table
    return single_byte_table(element).to_unicode[byte - 0x80];
}

std::optional<uint8_t> encode_single_byte(CodeElement element, char32_t code_point)
{
    if (element == CodeElement::IsoIr100)
        return code_point >= 0x80 && code_point <= 0xFF ? std::optional<uint8_t>(code_point) : std::nullopt;
    const auto& map = single_byte_table(element).from_unicode;
    auto it = std::lower_bound(map.begin(), map.end(), std::pair<char32_t, uint8_t>(code_point, 0));
    if (it == map.end() || it->first != code_point)
        return std::nullopt;
    return it->second;
}

char32_t decode_double_byte(CodeElement element, uint8_t first, uint8_t second)
{
    if (first < 0x21 || first > 0x7E || second < 0x21 || second > 0x7E)
        return replacement_character;
    return double_byte_table(element).to_unicode[(first - 0x21) * 94 + (second - 0x21)];
}

std::optional<std::pair<uint8_t, uint8_t>> encode_double_byte(CodeElement element, char32_t code_point)
{
    const auto& map = double_byte_table(element).from_unicode;
    auto it = std::lower_bound(map.begin(), map.end(), code_point,
                               [](const auto& entry, char32_t cp) { return entry.first < cp; });
    if (it == map.end() || it->first != code_point)
        return std::nullopt;
    return std::pair<uint8_t, uint8_t>(static_cast<uint8_t>(it->second >> 8), static_cast<uint8_t>(it->second & 0xFF));
}

} // namespace roentgen::charset_detail
