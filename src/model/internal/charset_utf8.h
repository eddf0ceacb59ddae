// model/internal/charset_utf8.h — UTF-8 reading and writing shared by the character set codecs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace roentgen::charset_detail {

inline constexpr char32_t replacement_character = 0xFFFD;

/// Appends `code_point` as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

/// One code point read from UTF-8. `length` is at least 1 so a reader always advances; `valid` is
/// false for an ill-formed sequence (then `code_point` is U+FFFD and `length` covers the maximal
/// ill-formed subpart, as Unicode 15 §3.9 recommends for substitution).
struct Utf8Char {
    char32_t code_point;
    std::size_t length;
    bool valid;
};
Utf8Char read_utf8(std::string_view text, std::size_t offset);

/// True when every byte is below 0x80.
bool is_ascii(std::string_view text);
/// The offset of the first ill-formed sequence, or npos when `text` is well-formed UTF-8.
std::size_t find_invalid_utf8(std::string_view text);
/// `text` with every ill-formed sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

/// "U+00E9 'é'" for error messages; control characters are shown without the glyph.
std::string describe_code_point(char32_t code_point);

} // namespace roentgen::charset_detail
