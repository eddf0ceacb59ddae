// model/internal/charset_utf8.cpp — UTF-8 reading and writing shared by the character set codecs.
#include "model/internal/charset_utf8.h"

#include <cstdint>
#include <cstdio>

namespace roentgen::charset_detail {

void append_utf8(std::string& out, char32_t cp)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = replacement_character;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

Utf8Char read_utf8(std::string_view text, std::size_t offset)
{
    auto byte = [&](std::size_t i) { return static_cast<uint8_t>(text[i]); };
    const uint8_t lead = byte(offset);
    if (lead < 0x80)
        return {lead, 1, true};
    std::size_t length = 0;
    char32_t cp = 0;
    // Second-byte bounds per Unicode Table 3-7 exclude overlongs, surrogates and values past U+10FFFF.
    uint8_t low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return {replacement_character, 1, false};
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (offset + i >= text.size())
            return {replacement_character, i, false};
        const uint8_t b = byte(offset + i);
        if (b < low || b > high)
            return {replacement_character, i, false};
        low = 0x80;
        high = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    return {cp, length, true};
}

bool is_ascii(std::string_view text)
{
    unsigned char any = 0;
    for (char c : text)
        any |= static_cast<unsigned char>(c);
    return any < 0x80;
}

std::size_t find_invalid_utf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<uint8_t>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        auto c = read_utf8(text, i);
        if (!c.valid)
            return i;
        i += c.length;
    }
    return std::string_view::npos;
}

std::string sanitize_utf8(std::string_view text)
{
    std::size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos)
        return std::string(text);
    std::string out(text.substr(0, bad));
    out.reserve(text.size() + 8);
    std::size_t i = bad;
    while (i < text.size()) {
        auto c = read_utf8(text, i);
        if (c.valid)
            out.append(text.substr(i, c.length));
        else
            append_utf8(out, replacement_character);
        i += c.length;
    }
    return out;
}

std::string describe_code_point(char32_t cp)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    std::string text(buffer);
    if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)) {
        text += " '";
        append_utf8(text, cp);
        text += "'";
    }
    return text;
}

} // namespace roentgen::charset_detail
