// model/character_set.h — Specific Character Set (0008,0005): decoding values to UTF-8 and encoding back.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dict/vr.h"

namespace roentgen {

struct CharacterSetCodec; // defined in character_set.cpp

/// The character repertoires a data set's text uses (PS3.3 C.12.1.1.2, PS3.5 6.1). Copyable and
/// cheap; build once per data set (items inherit their parent's unless they carry their own).
///
/// Every Defined Term of PS3.3 C.12.1.1.2 is supported: the single-byte terms (Table C.12-2), their
/// ISO 2022 forms and the multi-byte ISO 2022 terms IR 87, 159, 149 and 58 (Tables C.12-3/C.12-4),
/// and ISO_IR 192, GB18030 and GBK (Table C.12-5). Pure ASCII values are copied without looking
/// anything up, whatever the set.
class CharacterSet {
public:
    /// The default repertoire (ISO-IR 6, ASCII) — what an absent (0008,0005) means.
    CharacterSet();
    /// From the values of (0008,0005), e.g. {"ISO 2022 IR 6", "ISO 2022 IR 87"} or {"ISO_IR 192"}.
    /// An empty first value means ISO-IR 6. An unknown term is an error (Errc::Unsupported) naming
    /// it; callers then fall back to the default with a warning.
    ///
    /// Tolerated with an entry in warnings() (PS3.3 C.12.1.1.2 is not followed, peers accept it):
    /// misspellings and foreign names pydicom also accepts ("ISO-IR 100", "ISO IR 100", "iso_ir 100",
    /// "ISO_IR 6", "ISO_2022_IR_87", "ISO_IR 149" for ISO 2022 IR 149, "UTF-8", "ISO-8859-5",
    /// "GB2312", "EUC-KR", "ISO 2022 GBK"); a single-byte term without extensions among several
    /// values (read as its ISO 2022 form); ISO_IR 192, GB18030 or GBK with further values (they allow
    /// no code extensions: as value 1 the others are ignored, elsewhere they are dropped); empty
    /// values after the first (ignored). Terms are trimmed of spaces first, silently.
    [[nodiscard]] static Result<CharacterSet> from_terms(const std::vector<std::string_view>& terms);
    /// As from_terms() on the raw value of (0008,0005), split on backslash.
    [[nodiscard]] static Result<CharacterSet> from_value(std::string_view raw_value);

    /// Decodes a raw value of `vr` to UTF-8. Only SH, LO, ST, LT, UC, UT and PN use the character
    /// set (PS3.5 6.1.2.3); other VRs pass through. ISO 2022 escape sequences switch code elements
    /// and reset to the initial one at the delimiters of PS3.5 6.1.2.5.3 (backslash between values,
    /// ^ and = in PN, CR LF FF TAB in text). Delimiters count only between characters, so pass the
    /// whole value and split the UTF-8 result: a JIS X 0208, GBK or GB18030 character may contain
    /// the byte 0x5C or 0x5E. Padding is kept. Bytes that do not decode become U+FFFD, except bytes
    /// >= 0x80 where no G1 set is designated (the default repertoire, ISO 2022 IR 6/87/159 alone):
    /// those are read as ISO 8859-1, the common undeclared Latin-1 that pydicom reads the same way.
    /// ISO-IR 14 (the G0 of ISO_IR 13) bytes 0x5C and 0x7E decode as '\' and '~', as pydicom does,
    /// not as YEN SIGN and OVERLINE.
    std::string decode(std::string_view raw, VR vr) const;
    /// Encodes UTF-8 text into this character set, adding ISO 2022 escape sequences where needed
    /// (current designations first, then the terms in order) and returning to value 1's before
    /// every delimiter and at the end (PS3.5 6.1.2.5.3). A character the set cannot represent is an
    /// error naming it; so are ill-formed UTF-8 and, for ISO 2022 sets, an ESC in the text.
    [[nodiscard]] Result<std::string> encode(std::string_view utf8, VR vr) const;

    /// The defined terms, as given.
    const std::vector<std::string>& terms() const { return m_terms; }
    /// What was tolerated while reading the terms (aliases, ignored values), one message each,
    /// naming the term and what it was read as. Empty for a conforming (0008,0005).
    const std::vector<std::string>& warnings() const;
    /// True when the effective repertoire is ISO-IR 6 alone (absent, empty or "ISO 2022 IR 6").
    bool is_default() const;
    bool is_utf8() const;

private:
    std::vector<std::string> m_terms;
    std::shared_ptr<const CharacterSetCodec> m_state; // null for the default repertoire
};

} // namespace roentgen
