// encoding/json_xml_values.cpp — number text, base64, value fields and decoded strings for the JSON and XML models.
#include "encoding/json_xml_values.h"

#include <array>
#include <charconv>
#include <cmath>

#include "base/endian.h"
#include "model/element_values.h"

namespace roentgen {

bool is_bulk_vr(VR vr)
{
    switch (vr) {
    case VR::OB:
    case VR::OD:
    case VR::OF:
    case VR::OL:
    case VR::OV:
    case VR::OW:
    case VR::UN: return true;
    default: return false;
    }
}

std::string format_double(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    // Shortest round-trip digits, then laid out as Python's repr: fixed notation when the decimal
    // exponent is in [-4, 16), else d.ddde±XX.
    std::array<char, 64> buffer;
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific);
    std::string_view sci(buffer.data(), ec == std::errc() ? size_t(end - buffer.data()) : 0);
    bool negative = !sci.empty() && sci.front() == '-';
    if (negative)
        sci.remove_prefix(1);
    size_t e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos))
        if (c != '.')
            digits.push_back(c);
    int exponent = 0;
    std::string_view exp_text = sci.substr(e_pos + 1);
    if (!exp_text.empty() && exp_text.front() == '+')
        exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);

    std::string out;
    if (negative)
        out.push_back('-');
    int point = exponent + 1;  // digits are 0.D × 10^point
    int count = int(digits.size());
    if (exponent >= -5 + 1 && exponent < 16) {
        if (point <= 0) {
            out += "0.";
            out.append(size_t(-point), '0');
            out += digits;
        } else if (point < count) {
            out.append(digits, 0, size_t(point));
            out.push_back('.');
            out.append(digits, size_t(point));
        } else {
            out += digits;
            out.append(size_t(point - count), '0');
            out += ".0";
        }
        return out;
    }
    out.push_back(digits[0]);
    if (count > 1) {
        out.push_back('.');
        out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int magnitude = std::abs(exponent);
    if (magnitude < 10)
        out.push_back('0');
    out += std::to_string(magnitude);
    return out;
}

std::string format_decimal_string(double value)
{
    std::string text = format_double(value);
    if (text.size() <= 16)
        return text;
    // PS3.5 6.2: DS is at most 16 bytes. Drop precision until the value fits.
    for (int precision = 16; precision > 0; --precision) {
        std::array<char, 64> buffer;
        auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                       std::chars_format::general, precision);
        if (ec == std::errc() && end - buffer.data() <= 16)
            return std::string(buffer.data(), end);
    }
    return text;
}

namespace {

constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

void append_le_item_header(std::vector<uint8_t>& out, uint32_t length)
{
    uint8_t header[8];
    store_le<uint16_t>(header, tags::Item.group());
    store_le<uint16_t>(header + 2, tags::Item.element());
    store_le<uint32_t>(header + 4, length);
    out.insert(out.end(), header, header + 8);
}

Result<void> append_bulk(std::vector<uint8_t>& out, const BulkData& data)
{
    auto view = data.view();
    if (view.size() == data.size()) {
        out.insert(out.end(), view.begin(), view.end());
        return {};
    }
    ROENTGEN_TRY(auto loaded, data.load());
    out.insert(out.end(), loaded.begin(), loaded.end());
    return {};
}

// ISO 8859-1 to UTF-8 for VRs that do not use the Specific Character Set; ASCII passes unchanged.
std::string latin1_to_utf8(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (char c : raw) {
        auto b = static_cast<unsigned char>(c);
        if (b < 0x80) {
            out.push_back(c);
        } else {
            out.push_back(char(0xC0 | (b >> 6)));
            out.push_back(char(0x80 | (b & 0x3F)));
        }
    }
    return out;
}

}  // namespace

std::string base64_encode(std::span<const uint8_t> bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        uint32_t v = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8 | bytes[i + 2];
        out.push_back(base64_alphabet[v >> 18]);
        out.push_back(base64_alphabet[(v >> 12) & 63]);
        out.push_back(base64_alphabet[(v >> 6) & 63]);
        out.push_back(base64_alphabet[v & 63]);
    }
    if (size_t rest = bytes.size() - i; rest) {
        uint32_t v = uint32_t(bytes[i]) << 16 | (rest == 2 ? uint32_t(bytes[i + 1]) << 8 : 0);
        out.push_back(base64_alphabet[v >> 18]);
        out.push_back(base64_alphabet[(v >> 12) & 63]);
        out.push_back(rest == 2 ? base64_alphabet[(v >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

Result<std::vector<uint8_t>> base64_decode(std::string_view text)
{
    std::vector<uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    uint32_t accumulator = 0;
    int bits = 0;
    bool padding = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int digit = base64_digit(c);
        if (digit < 0 || padding)
            return make_error(Errc::Malformed, "invalid base64 at offset " + std::to_string(i));
        accumulator = (accumulator << 6) | uint32_t(digit);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(uint8_t(accumulator >> bits));
        }
    }
    if (bits >= 6)
        return make_error(Errc::Malformed, "base64 text ends inside a byte");
    return out;
}

ValueBytes::ValueBytes(ValueBytes&& other) noexcept { *this = std::move(other); }

ValueBytes& ValueBytes::operator=(ValueBytes&& other) noexcept
{
    bool owned = other.m_view.data() == other.m_owned.data() && !other.m_owned.empty();
    m_owned = std::move(other.m_owned);
    m_view = owned ? std::span<const uint8_t>(m_owned) : other.m_view;
    other.m_view = {};
    return *this;
}

uint64_t value_field_length(const Element& element)
{
    if (const auto* fragments = element.fragments()) {
        uint64_t length = 8 + fragments->offset_table.size();
        for (const auto& item : fragments->items)
            length += 8 + item.size();
        return length;
    }
    return element.length();
}

Result<ValueBytes> value_field(const Element& element)
{
    if (const auto* fragments = element.fragments()) {
        std::vector<uint8_t> out;
        out.reserve(value_field_length(element));
        append_le_item_header(out, uint32_t(fragments->offset_table.size()));
        ROENTGEN_TRY(append_bulk(out, fragments->offset_table));
        for (const auto& item : fragments->items) {
            append_le_item_header(out, uint32_t(item.size()));
            ROENTGEN_TRY(append_bulk(out, item));
        }
        return ValueBytes(std::move(out));
    }
    if (const auto* bulk = std::get_if<BulkData>(&element.value)) {
        auto view = bulk->view();
        if (view.size() == bulk->size())
            return ValueBytes(view);
        ROENTGEN_TRY(auto loaded, bulk->load());
        return ValueBytes(std::move(loaded));
    }
    return ValueBytes(element.bytes());
}

CharacterSet character_set_of(const DataSet& data_set, const CharacterSet& inherited)
{
    const Element* element = data_set.find(Tag(0x0008, 0x0005));
    if (!element)
        return inherited;
    auto charset = CharacterSet::from_value(element->raw_text());
    return charset ? std::move(*charset) : inherited;
}

std::vector<std::string> text_values(const Element& element, const CharacterSet& charset)
{
    std::string_view raw = element.raw_text();
    std::string decoded = uses_character_set(element.vr) ? charset.decode(raw, element.vr) : latin1_to_utf8(raw);
    auto parts = split_string_values(decoded, element.vr);
    return {parts.begin(), parts.end()};
}

PersonNameGroups split_person_name(std::string_view value)
{
    PersonNameGroups out;
    for (int i = 0; i < 3; ++i) {
        size_t pos = value.find('=');
        out.groups[i] = value.substr(0, pos);
        if (pos == std::string_view::npos)
            break;
        value.remove_prefix(pos + 1);
    }
    return out;
}

std::optional<std::string> number_text(std::string_view value, VR vr)
{
    if (vr == VR::IS) {
        auto parsed = parse_integer_string(value);
        if (!parsed)
            return std::nullopt;
        return std::to_string(*parsed);
    }
    auto parsed = parse_decimal_string(value);
    if (!parsed || !std::isfinite(*parsed))
        return std::nullopt;
    return format_double(*parsed);
}

void append_valid_utf8(std::string& out, std::string_view text)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            out.push_back(char(c));
            ++p;
            continue;
        }
        int length = 0;
        uint32_t minimum = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            minimum = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            minimum = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            minimum = 0x10000;
        }
        bool valid = length > 0 && end - p >= length;
        uint32_t code = valid ? uint32_t(c & (0x7F >> length)) : 0;
        for (int i = 1; valid && i < length; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                valid = false;
            else
                code = (code << 6) | (p[i] & 0x3F);
        }
        if (valid && (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)))
            valid = false;
        if (valid) {
            out.append(reinterpret_cast<const char*>(p), size_t(length));
            p += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++p;
        }
    }
}

}  // namespace roentgen
