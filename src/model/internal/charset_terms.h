// model/internal/charset_terms.h — the Defined Terms of (0008,0005), their code elements and aliases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roentgen::charset_detail {

/// A graphic character set that ISO 2022 designates into G0 or G1 (PS3.3 Tables C.12-2..C.12-4).
enum class CodeElement : uint8_t {
    None,
    IsoIr6,   ///< ASCII, G0.
    IsoIr14,  ///< JIS X 0201 Romaji, G0.
    IsoIr13,  ///< JIS X 0201 Katakana, G1.
    IsoIr100, ///< ISO 8859-1, G1 (and likewise the other 96-character sets below).
    IsoIr101,
    IsoIr109,
    IsoIr110,
    IsoIr144,
    IsoIr127,
    IsoIr126,
    IsoIr138,
    IsoIr148,
    IsoIr166,
    IsoIr203,
    IsoIr87,  ///< JIS X 0208, G0, two bytes per character.
    IsoIr159, ///< JIS X 0212, G0, two bytes per character.
    IsoIr149, ///< KS X 1001, G1, two bytes per character.
    IsoIr58,  ///< GB 2312, G1, two bytes per character.
};
inline constexpr std::size_t code_element_count = static_cast<std::size_t>(CodeElement::IsoIr58) + 1;

struct CodeElementInfo {
    CodeElement element;
    uint8_t register_index;      ///< 0 for G0, 1 for G1.
    uint8_t bytes_per_character; ///< 1 or 2.
    std::string_view escape;     ///< The designating escape sequence, ESC included.
    std::string_view name;       ///< "ISO-IR 100", for messages.
};
const CodeElementInfo& info(CodeElement element);
inline bool is_multi_byte(CodeElement e)
{
    return e != CodeElement::None && info(e).bytes_per_character == 2;
}

/// Which decoder a term needs. Only the Iso2022 family (which includes the single-byte terms
/// without extensions and the default) goes through the escape-sequence state machine.
enum class TermFamily : uint8_t {
    Iso2022, ///< Default, ISO_IR n and ISO 2022 IR n.
    Utf8,    ///< ISO_IR 192.
    Gb18030, ///< GB18030.
    Gbk,     ///< GBK.
};

/// One Defined Term of PS3.3 C.12.1.1.2.
struct TermInfo {
    std::string_view term;
    TermFamily family;
    bool code_extensions; ///< The ISO 2022 form (Tables C.12-3, C.12-4).
    CodeElement g0;       ///< What the term designates into G0, or None.
    CodeElement g1;       ///< What the term designates into G1, or None.
};

/// The term spelled exactly as the standard does ("" is the default repertoire); nullptr if none.
const TermInfo* find_term(std::string_view term);

/// A misspelling or foreign name of a term that peers accept, e.g. "ISO-IR 100", "iso_ir 100",
/// "ISO_IR 149" (for ISO 2022 IR 149), "UTF-8", "ISO-8859-5", "GB2312". The result is a term
/// find_term() knows; nothing when `text` is not recognisable.
std::optional<std::string_view> resolve_alias(std::string_view text);

} // namespace roentgen::charset_detail
