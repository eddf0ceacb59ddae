// model/internal/charset_iso2022.h — ISO 2022 code extensions: G0/G1 designation by escape sequence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dict/vr.h"
#include "model/internal/charset_terms.h"

namespace roentgen::charset_detail {

/// The code elements a Specific Character Set provides (PS3.5 6.1.2.5). The single-byte terms
/// without extensions and the default repertoire are the case of one term and no escapes.
struct Iso2022Config {
    /// Designated at the start of every value and again at each delimiter (PS3.5 6.1.2.5.3):
    /// what value 1 of (0008,0005) designates, ISO-IR 6 in G0 when value 1 is empty.
    CodeElement initial_g0 = CodeElement::IsoIr6;
    CodeElement initial_g1 = CodeElement::None;
    /// What encode() may designate besides the initial elements, in the order of the terms.
    std::vector<CodeElement> elements;
};

/// Raw bytes to UTF-8. Every escape sequence of PS3.3 Tables C.12-3/C.12-4 is honoured, listed in
/// (0008,0005) or not; an unknown one becomes one U+FFFD. Designations return to the initial ones
/// after each control character other than ESC, after backslash in multi-valued VRs and after ^
/// and = in PN (PS3.5 6.1.2.5.3). Delimiters are recognised only between characters, so a
/// JIS X 0208 byte pair containing 0x5C, 0x5E or 0x3D is not split. Bytes >= 0x80 with no G1
/// designated are read as ISO 8859-1, as pydicom and most viewers do for undeclared Latin-1.
std::string iso2022_decode(const Iso2022Config& config, std::string_view raw, VR vr);

/// UTF-8 to bytes, designating elements as needed: the current ones first, then in term order.
/// Before every delimiter and at the end of the value the initial designations are restored
/// (PS3.5 6.1.2.5.3). Errors: ill-formed UTF-8, an ESC in the text (escape sequences are this
/// function's to write), or a character no element has; messages name the character and use
/// `set_name`.
[[nodiscard]] Result<std::string> iso2022_encode(const Iso2022Config& config, std::string_view utf8, VR vr,
                                                 std::string_view set_name);

} // namespace roentgen::charset_detail
