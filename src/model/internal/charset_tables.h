// model/internal/charset_tables.h — code tables of the ISO 2022 code elements, built once per process.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "model/internal/charset_terms.h"

namespace roentgen::charset_detail {

/// The character of byte `byte` (0x80..0xFF) in a one-byte G1 element (ISO-IR 13, 100, …, 203):
/// 0x80..0x9F are the C1 controls of ISO 2022 for the 96-character sets, U+FFFD where the set
/// assigns nothing. Tables come from glibc iconv on first use (Latin-1 and JIS X 0201 Katakana
/// are computed), so a value never calls iconv.
char32_t decode_single_byte(CodeElement element, uint8_t byte);
/// The byte (0x80..0xFF) of `code_point` in a one-byte G1 element, if it has one.
std::optional<uint8_t> encode_single_byte(CodeElement element, char32_t code_point);

/// The character of a two-byte element (ISO-IR 87, 159, 149, 58) at row `first`, cell `second`,
/// both given as 7-bit bytes 0x21..0x7E; U+FFFD for an unassigned or out-of-range cell.
char32_t decode_double_byte(CodeElement element, uint8_t first, uint8_t second);
/// The 7-bit row and cell bytes of `code_point` in a two-byte element, if it has it.
std::optional<std::pair<uint8_t, uint8_t>> encode_double_byte(CodeElement element, char32_t code_point);

} // namespace roentgen::charset_detail
